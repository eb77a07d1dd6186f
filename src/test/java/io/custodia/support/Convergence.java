package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** The store-equals-ground-truth check shared by the end-to-end tests. */
public final class Convergence {

    private Convergence() {
    }

    /** The event types besides messages that the default (test) hub collects. */
    public static final List<String> DEFAULT_EVENTS = List.of("AUTH_LOG");

    /** What the hub should hold for the truth, field by field (stats name → truth value). */
    public static Map<String, Long> expected(Map<String, Object> truth) {
        return expected(truth, DEFAULT_EVENTS);
    }

    /**
     * The same for a hub that collects {@code eventTypes} besides {@code CONVERSATION_MESSAGE}: each of their
     * events is one audit record.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Long> expected(Map<String, Object> truth, List<String> eventTypes) {
        List<Map<String, Object>> workspaces = (List<Map<String, Object>>) truth.get("workspaces");
        long auth = 0;
        for (Map<String, Object> w : workspaces) {
            for (String type : eventTypes) {
                auth += HubClient.num(HubClient.map(w, "events"), type);
            }
        }
        return Map.of(
                "items", HubClient.num(truth, "messages"),
                "prompts", HubClient.num(truth, "prompts"),
                "responses", HubClient.num(truth, "responses"),
                "conversations", HubClient.num(truth, "conversations"),
                "mailboxes", HubClient.num(truth, "activeUsers"),
                "attachments", HubClient.num(truth, "files"),
                "auditRecords", HubClient.num(truth, "interactions") + auth,
                // the simulator plants sensitive values in known prompts and nowhere else
                "sensitiveItems", HubClient.num(truth, "sensitivePrompts"),
                "stagedFilesPending", 0L);
    }

    public static void assertConverged(Map<String, Object> stats, Map<String, Object> truth) {
        assertConverged(stats, truth, DEFAULT_EVENTS);
    }

    public static void assertConverged(Map<String, Object> stats, Map<String, Object> truth, List<String> eventTypes) {
        expected(truth, eventTypes).forEach((field, value) ->
                assertThat(actual(stats, field)).as(field + " (stats " + stats + ", truth " + truth + ")")
                        .isEqualTo(value));
    }

    public static boolean converged(Map<String, Object> stats, Map<String, Object> truth) {
        return converged(stats, truth, DEFAULT_EVENTS);
    }

    public static boolean converged(Map<String, Object> stats, Map<String, Object> truth, List<String> eventTypes) {
        return expected(truth, eventTypes).entrySet().stream().allMatch(e -> actual(stats, e.getKey()) == e.getValue());
    }

    /** The hub's value for a truth field: audit records collected from the source, not the hub's own (sign-ins …). */
    private static long actual(Map<String, Object> stats, String field) {
        long value = HubClient.num(stats, field);
        return "auditRecords".equals(field) ? value - HubClient.num(stats, "adminAuditRecords") : value;
    }
}

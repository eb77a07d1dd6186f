package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** The store-equals-ground-truth check shared by the end-to-end tests. */
public final class Convergence {

    private Convergence() {
    }

    /** What the hub should hold for the truth, field by field (stats name → truth value). */
    @SuppressWarnings("unchecked")
    public static Map<String, Long> expected(Map<String, Object> truth) {
        List<Map<String, Object>> workspaces = (List<Map<String, Object>>) truth.get("workspaces");
        long auth = 0;
        for (Map<String, Object> w : workspaces) {
            auth += HubClient.num(HubClient.map(w, "events"), "AUTH_LOG");
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
        expected(truth).forEach((field, value) ->
                assertThat(actual(stats, field)).as(field + " (stats " + stats + ", truth " + truth + ")")
                        .isEqualTo(value));
    }

    public static boolean converged(Map<String, Object> stats, Map<String, Object> truth) {
        return expected(truth).entrySet().stream().allMatch(e -> actual(stats, e.getKey()) == e.getValue());
    }

    /** The hub's value for a truth field: audit records collected from the source, not the hub's own (sign-ins …). */
    private static long actual(Map<String, Object> stats, String field) {
        long value = HubClient.num(stats, field);
        return "auditRecords".equals(field) ? value - HubClient.num(stats, "adminAuditRecords") : value;
    }
}

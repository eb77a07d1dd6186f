package io.custodia.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Logs Platform event types besides messages and sign-ins ({@code AUDIT_LOG}, {@code APP_LOG},
 * {@code APP_AUTH_LOG}, {@code CODEX_LOG}, {@code CODEX_SECURITY_LOG}, {@code CUSTOM_AGENTS_LOG}), in the
 * shapes of reference §4.4. Each conversation may carry some of them, at times inside the conversation's
 * own span (so a conversation that has ended has published all its events), drawn from the conversation's
 * own random stream: the same seed gives the same events.
 */
final class ActivityEvents {

    /** Event types generated here, with the share of conversations that carry them. */
    static final List<String> TYPES = List.of("AUDIT_LOG", "APP_LOG", "APP_AUTH_LOG", "CODEX_LOG",
            "CODEX_SECURITY_LOG", "CUSTOM_AGENTS_LOG");
    private static final double[] RATES = {0.15, 0.12, 0.04, 0.10, 0.03, 0.06};
    /** Random stream of the activity plan of a conversation (turn texts use 1…2·MAX_TURNS, auth 900). */
    private static final int STREAM = 1000;

    private static final String[] AUDIT_ACTIONS = {"USER_ROLE_UPDATED", "INVITE_SEND", "WORKSPACE_TOGGLE_FEATURE",
        "LIST_WORKSPACE_LOG_FILES", "GPT_SHARING_UPDATED", "CONNECTOR_ENABLED"};
    private static final String[] APPS = {"Google Drive", "GitHub", "Jira", "Salesforce", "SharePoint"};
    private static final String[] CODEX_CLIENTS = {"CODEX_CLI", "CODEX_WEB", "CODEX_IDE_VSCODE"};
    private static final String[] CODEX_TOOLS = {"shell", "apply_patch", "web_search"};
    private static final String[] AGENT_SUBTYPES = {"AGENT_RUN_CREATED", "AGENT_UPDATED", "MEMORY_READ",
        "CONNECTOR_CALL_COMPLETED", "AGENT_PUBLISHED"};
    private static final String[] SCAN_SUBTYPES = {"SCAN_FINDING_UPDATED", "SCAN_CONFIG_UPDATED"};

    /**
     * One generated event.
     *
     * @param part 0 for the first event of a pair (request, prompt), 1 for the second (response)
     */
    record Activity(String type, String eventId, Instant at, int variant, int part, String pairId) {
    }

    private ActivityEvents() {
    }

    static boolean generates(String eventType) {
        return TYPES.contains(eventType);
    }

    /** Every activity event of conversation {@code plan}, in type order. */
    static List<Activity> of(SimulatedWorkspace ws, ConversationPlan plan) {
        SplittableRandom r = ws.random(plan.index(), STREAM);
        long start = SimulatedWorkspace.micros(plan.start());
        long span = Math.max(1, SimulatedWorkspace.micros(plan.end()) - start);
        List<Activity> out = new ArrayList<>(2);
        for (int t = 0; t < TYPES.size(); t++) {
            // draw every value whatever the outcome, so one type's rate never shifts another type's events
            double roll = r.nextDouble();
            long offset = 1 + r.nextLong(span);
            int variant = r.nextInt(1 << 20);
            String first = SimulatedWorkspace.uuid(r);
            String second = SimulatedWorkspace.uuid(r);
            String pair = SimulatedWorkspace.uuid(r);
            if (roll >= RATES[t]) {
                continue;
            }
            String type = TYPES.get(t);
            Instant at = SimulatedWorkspace.instant(start + offset);
            out.add(new Activity(type, first, at, variant, 0, pair));
            if (type.equals("APP_LOG") || type.equals("CODEX_LOG")) {
                // the response follows its request within the conversation's span (or at its very end)
                long later = Math.min(start + span, start + offset + 1 + (variant % 4_000_000));
                out.add(new Activity(type, second, SimulatedWorkspace.instant(later), variant, 1, pair));
            }
        }
        return out;
    }

    /** The JSONL record of an activity event: the common envelope, then the type's own payload. */
    static ObjectNode render(SimulatedWorkspace ws, JsonMapper json, SimEvent e) {
        Activity a = e.activity();
        ConversationPlan plan = e.plan();
        SimUser user = ws.user(plan.userIndex());
        SplittableRandom r = new SplittableRandom(SimulatedWorkspace.mix(a.variant() * 31L + a.type().hashCode()));
        ObjectNode n = json.createObjectNode();
        n.put("event_id", a.eventId());
        n.put("type", a.type());
        n.put("timestamp", LogsPlatform.ISO_MICROS.format(a.at()));
        n.putObject("principal").put("id", ws.id()).put("type", "CHATGPT_WORKSPACE");
        switch (a.type()) {
            case "AUDIT_LOG" -> {
                String action = AUDIT_ACTIONS[r.nextInt(AUDIT_ACTIONS.length)];
                if (action.equals("LIST_WORKSPACE_LOG_FILES")) {
                    n.putObject("actor").put("type", "API_KEY").put("redacted_id", "sk-...X" + (100 + r.nextInt(900)));
                } else {
                    actor(n, user);
                }
                requestMetadata(n, r);
                n.put("action", action);
                n.put("action_result", r.nextInt(20) == 0 ? "BLOCKED" : "SUCCESS");
                n.put("action_privilege", "ADMIN");
                ObjectNode data = n.putObject("action_data");
                switch (action) {
                    case "USER_ROLE_UPDATED" -> data.put("target_user_id", user.id()).put("old_role", "standard-user")
                            .put("new_role", "account-admin");
                    case "INVITE_SEND" -> data.put("invitee_email", "new.hire" + r.nextInt(1000) + "@example.test")
                            .put("role", "standard-user");
                    case "WORKSPACE_TOGGLE_FEATURE" -> data.put("feature", "connectors").put("enabled", r.nextBoolean());
                    case "LIST_WORKSPACE_LOG_FILES" -> data.put("event_type", "CONVERSATION_MESSAGE");
                    case "GPT_SHARING_UPDATED" -> data.put("gpt_id", plan.gptId()).put("visibility", "workspace");
                    default -> data.put("connector", APPS[r.nextInt(APPS.length)]);
                }
            }
            case "APP_LOG" -> {
                actor(n, user);
                String app = APPS[a.variant() % APPS.length];
                n.put("app_id", "asdk_app_" + Integer.toHexString(app.hashCode() & 0xffffff));
                n.put("app_name", app);
                n.put("app_type", a.variant() % 3 == 0 ? "SERVICE" : "MCP");
                n.put("conversation_id", plan.id());
                n.put("log_type", a.part() == 0 ? "request" : "response");
                if (a.part() == 0) {
                    n.putObject("input").put("tool", "search").put("query", plan.topic());
                } else {
                    n.putArray("output").addObject().putObject("response").put("status", 200)
                            .put("items", 1 + r.nextInt(9));
                }
            }
            case "APP_AUTH_LOG" -> {
                actor(n, user);
                String app = APPS[a.variant() % APPS.length];
                n.put("app_id", "asdk_app_" + Integer.toHexString(app.hashCode() & 0xffffff));
                n.put("app_name", app);
                n.put("link_id", "link_" + Integer.toHexString(a.variant()));
                n.put("action", a.variant() % 5 == 0 ? "unlink" : "link");
            }
            case "CODEX_LOG" -> {
                actor(n, user);
                n.put("event_type", a.part() == 0 ? "PROMPT_SENT" : "PROMPT_RESPONSE_RECEIVED");
                n.put("client_id", CODEX_CLIENTS[a.variant() % CODEX_CLIENTS.length]);
                n.put("workspace_id", ws.id());
                ObjectNode d = n.putObject("event_details");
                d.put("detail_type", a.part() == 0 ? "prompt" : "response");
                d.put("session_id", a.pairId());
                d.put("model", "gpt-5-codex");
                d.put("reasoning_effort", new String[]{"low", "medium", "high"}[a.variant() % 3]);
                if (a.part() == 0) {
                    d.put("prompt_text", "Refactor the " + plan.topic() + " module and add tests");
                } else {
                    d.put("response_text", "Updated 3 files; tests pass. Tool used: "
                            + CODEX_TOOLS[a.variant() % CODEX_TOOLS.length]);
                    d.putObject("token_usage").put("input_tokens", 1000 + r.nextInt(9000))
                            .put("output_tokens", 100 + r.nextInt(900)).put("cached_input_tokens", r.nextInt(500))
                            .put("reasoning_output_tokens", r.nextInt(300));
                }
            }
            case "CODEX_SECURITY_LOG" -> {
                actor(n, user);
                String sub = SCAN_SUBTYPES[a.variant() % SCAN_SUBTYPES.length];
                n.put("event_type", sub);
                n.put("client_id", "CODEX_WEB");
                n.put("workspace_id", ws.id());
                ObjectNode d = n.putObject("event_details");
                d.put("detail_type", sub.equals("SCAN_FINDING_UPDATED") ? "finding" : "scan_config");
                d.put("repository", "acme/" + plan.topic().replace(' ', '-'));
                d.put("severity", new String[]{"low", "medium", "high", "critical"}[r.nextInt(4)]);
                d.put("status", new String[]{"open", "dismissed", "fixed"}[r.nextInt(3)]);
            }
            case "CUSTOM_AGENTS_LOG" -> {
                String agentId = "agent_" + Integer.toHexString(plan.userIndex() * 7919 + 17);
                n.putObject("actor").put("type", "AGENT").put("id", agentId).put("name", "Agent of " + user.name())
                        .put("product_type", "WORKSPACE_AGENT").put("product_id", agentId)
                        .set("agent_runtime", json.createObjectNode().put("id", "run_" + a.pairId().substring(0, 8))
                                .set("delegator", json.createObjectNode().put("type", "ACCOUNT_USER")
                                        .put("user_id", user.id()).put("user_email", user.email())));
                String sub = AGENT_SUBTYPES[a.variant() % AGENT_SUBTYPES.length];
                n.put("event_type", sub);
                n.put("client_id", "AGENT_BUILDER_WEB");
                n.put("workspace_id", ws.id());
                n.putObject("event_details").put("detail_type", sub.toLowerCase()).put("session_id", a.pairId());
            }
            default -> throw new IllegalArgumentException("not an activity type: " + a.type());
        }
        return n;
    }

    private static void actor(ObjectNode n, SimUser user) {
        n.putObject("actor").put("type", "ACCOUNT_USER").put("user_id", user.id()).put("user_email", user.email());
    }

    private static void requestMetadata(ObjectNode n, SplittableRandom r) {
        ObjectNode meta = n.putObject("request_metadata");
        meta.put("client_ip", "203.0.113." + (1 + r.nextInt(250)));
        meta.putObject("client_ip_details").put("country", "DE").put("city", "Berlin").put("region", "Berlin")
                .put("region_code", "BE").put("asn", 3320);
        meta.put("client_user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36");
        meta.put("client_ja3", "");
        meta.put("destination_hostname", "chatgpt.com");
    }
}

package io.custodia.simulator;

import java.time.Instant;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of everything the simulated workspace has published up to its horizon (the end of the last
 * closed log-file window), collected by the hub or not. Conversations that have ended before the
 * horizon are folded into a running prefix so that repeated calls stay cheap in live mode.
 */
final class GroundTruth {

    /** What one workspace holds at {@code horizon}. */
    record Counts(String workspaceId, Instant origin, Instant horizon, int users, int activeUsers,
                  long conversations, long messages, long prompts, long responses, long files,
                  long interactions, Map<String, Long> events, Map<String, Long> planted,
                  long sensitivePrompts) {
    }

    private final SimulatedWorkspace ws;
    // prefix of conversations that had fully ended when last counted
    private long finalPrefix;
    private long pConversations;
    private long pPrompts;
    private long pResponses;
    private long pFiles;
    private long pAuth;
    private long pSensitive;
    private final BitSet pUsers = new BitSet();
    private final Map<String, Long> pPlanted = new TreeMap<>();
    private final Map<String, Long> pActivity = new TreeMap<>();

    GroundTruth(SimulatedWorkspace ws) {
        this.ws = ws;
    }

    synchronized Counts count() {
        Instant horizon = ws.horizon();
        long h = SimulatedWorkspace.micros(horizon);
        Tally t = new Tally();
        t.conversations = pConversations;
        t.prompts = pPrompts;
        t.responses = pResponses;
        t.files = pFiles;
        t.auth = pAuth;
        t.sensitive = pSensitive;
        t.users.or(pUsers);
        t.planted.putAll(pPlanted);
        t.activity.putAll(pActivity);
        boolean prefix = true;
        long c = finalPrefix;
        // auth events can precede their conversation by up to MAX_AUTH_LEAD
        for (; ws.startMicros(c) - SimulatedWorkspace.MAX_AUTH_LEAD_MICROS <= h; c++) {
            ConversationPlan plan = ws.plan(c);
            boolean ended = SimulatedWorkspace.micros(plan.end()) <= h;
            tally(t, plan, h);
            tallyActivity(t, plan, h);
            if (prefix && ended) {
                finalPrefix = c + 1;
                pConversations = t.conversations;
                pPrompts = t.prompts;
                pResponses = t.responses;
                pFiles = t.files;
                pAuth = t.auth;
                pSensitive = t.sensitive;
                pUsers.clear();
                pUsers.or(t.users);
                pPlanted.clear();
                pPlanted.putAll(t.planted);
                pActivity.clear();
                pActivity.putAll(t.activity);
            } else {
                prefix = false;
            }
        }
        Map<String, Long> events = new LinkedHashMap<>();
        events.put("CONVERSATION_MESSAGE", t.prompts + t.responses);
        events.put("AUTH_LOG", t.auth);
        for (String type : ActivityEvents.TYPES) {
            events.put(type, t.activity.getOrDefault(type, 0L));
        }
        return new Counts(ws.id(), ws.origin(), horizon, UserDirectory.at(ws, ws.now()).size(), t.users.cardinality(), t.conversations,
                t.prompts + t.responses, t.prompts, t.responses, t.files, t.responses, events,
                Map.copyOf(t.planted), t.sensitive);
    }

    private static final class Tally {
        long conversations;
        long prompts;
        long responses;
        long files;
        long auth;
        long sensitive;
        final BitSet users = new BitSet();
        final Map<String, Long> planted = new TreeMap<>();
        final Map<String, Long> activity = new TreeMap<>();
    }

    /** Activity events (audit, app, Codex, agents) lie inside their conversation's span. */
    private void tallyActivity(Tally t, ConversationPlan plan, long h) {
        if (SimulatedWorkspace.micros(plan.start()) > h) {
            return;
        }
        for (ActivityEvents.Activity a : ActivityEvents.of(ws, plan)) {
            if (SimulatedWorkspace.micros(a.at()) <= h) {
                t.activity.merge(a.type(), 1L, Long::sum);
            }
        }
    }

    private static void tally(Tally t, ConversationPlan plan, long h) {
        for (ConversationPlan.AuthEvent a : plan.authEvents()) {
            if (SimulatedWorkspace.micros(a.at()) <= h) {
                t.auth++;
            }
        }
        if (SimulatedWorkspace.micros(plan.start()) > h) {
            return;
        }
        t.conversations++;
        t.users.set(plan.userIndex());
        for (ConversationPlan.Turn turn : plan.turns()) {
            if (SimulatedWorkspace.micros(turn.promptAt()) <= h) {
                t.prompts++;
                if (turn.file() != null) {
                    t.files++;
                }
                if (turn.plantedType() != null) {
                    t.sensitive++;
                    t.planted.merge(turn.plantedType(), 1L, Long::sum);
                }
            }
            if (SimulatedWorkspace.micros(turn.responseAt()) <= h) {
                t.responses++;
            }
        }
    }
}

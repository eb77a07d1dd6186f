package io.custodia.simulator;

import java.time.Instant;

/**
 * One Logs Platform record before rendering: which conversation and turn (or auth event, or other
 * activity event) it comes from.
 */
record SimEvent(Instant at, String eventId, String type, ConversationPlan plan, int turn, boolean prompt,
                ConversationPlan.AuthEvent auth, ActivityEvents.Activity activity) {

    SimEvent(Instant at, String eventId, String type, ConversationPlan plan, int turn, boolean prompt,
             ConversationPlan.AuthEvent auth) {
        this(at, eventId, type, plan, turn, prompt, auth, null);
    }
}

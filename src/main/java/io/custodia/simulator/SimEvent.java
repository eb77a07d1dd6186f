package io.custodia.simulator;

import java.time.Instant;

/** One Logs Platform record before rendering: which conversation and turn (or auth event) it comes from. */
record SimEvent(Instant at, String eventId, String type, ConversationPlan plan, int turn, boolean prompt,
                ConversationPlan.AuthEvent auth) {
}

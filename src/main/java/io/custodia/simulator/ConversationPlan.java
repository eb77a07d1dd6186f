package io.custodia.simulator;

import java.time.Instant;
import java.util.List;

/**
 * Everything about one simulated conversation except its texts (generated on demand), cheap enough
 * to compute for every conversation when counting the ground truth.
 */
record ConversationPlan(
        long index,
        String id,
        int userIndex,
        Instant start,
        String title,
        String topic,
        String clientType,
        String model,
        String gptId,
        String gptName,
        String projectId,
        String projectName,
        boolean temporary,
        List<Turn> turns,
        List<AuthEvent> authEvents) {

    /** One prompt and the response to it. */
    record Turn(
            int index,
            String promptId,
            String responseId,
            String promptEventId,
            String responseEventId,
            Instant promptAt,
            Instant responseAt,
            SimFile file,
            String plantedType) {
    }

    /** An uploaded file: its id, the sample it is drawn from and the name the user gave it. */
    record SimFile(String id, int sampleIndex, String name) {
    }

    /** An AUTH_LOG event that precedes the conversation. */
    record AuthEvent(String eventId, Instant at, String action) {
    }

    Instant end() {
        return turns.get(turns.size() - 1).responseAt();
    }
}

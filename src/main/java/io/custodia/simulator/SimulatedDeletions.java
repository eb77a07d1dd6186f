package io.custodia.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What has been deleted through the simulated API of one workspace (reference §3.1 deletes): conversations
 * and user files. A deleted conversation disappears from the conversation list and its messages endpoint; a
 * deleted file answers 404. The Logs Platform is immutable: files published before a deletion keep their
 * records. Held in memory: a restart of the hub brings everything back.
 */
final class SimulatedDeletions {

    private final Set<String> conversations = ConcurrentHashMap.newKeySet();
    private final Set<String> files = ConcurrentHashMap.newKeySet();

    /** True when it was there to delete. */
    boolean deleteConversation(String conversationId) {
        return conversations.add(conversationId);
    }

    boolean conversationDeleted(String conversationId) {
        return conversations.contains(conversationId);
    }

    boolean deleteFile(String fileId) {
        return files.add(fileId);
    }

    boolean fileDeleted(String fileId) {
        return files.contains(fileId);
    }

    Set<String> conversations() {
        return Set.copyOf(conversations);
    }

    Set<String> files() {
        return Set.copyOf(files);
    }
}

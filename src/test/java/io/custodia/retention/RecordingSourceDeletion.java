package io.custodia.retention;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SourceDeletion} for tests: remembers every conversation it was asked to delete. */
public class RecordingSourceDeletion implements SourceDeletion {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void deleteConversation(String workspaceId, String conversationId) {
        calls.add(workspaceId + "/" + conversationId);
    }
}

package io.custodia.retention;

/**
 * Deletes a conversation in ChatGPT Enterprise itself (Compliance API
 * {@code DELETE /compliance/workspaces/{ws}/conversations/{id}}, which needs a key with the
 * {@code delete} scope). The disposition job calls it, after the purge committed, for conversations
 * whose last item was purged under a rule with {@code deleteAtSource}, when
 * {@code custodia.retention.source-deletion.enabled} is on and no hold covers the conversation's mailbox.
 *
 * <p>The Compliance API client lives with the collection code; this hub has no implementation until one
 * is wired as a bean — until then every request is refused with a message saying so.
 */
public interface SourceDeletion {

    /**
     * Deletes the conversation; a conversation that is already gone counts as deleted.
     *
     * @throws SourceDeletionRefused when the deletion must not be retried (not permitted, not configured)
     * @throws RuntimeException      on a failure worth retrying (network, 5xx, rate limit)
     */
    void deleteConversation(String workspaceId, String conversationId);
}

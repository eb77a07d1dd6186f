package io.custodia.retention;

import java.time.Instant;

/**
 * What the principles of retention need to know about one item (live or in the recoverable area).
 *
 * @param itemLabelId         label applied to the item, or null
 * @param conversationLabelId label applied to its conversation, or null
 */
public record ItemFacts(long itemId, String workspaceId, String messageId, long mailboxId, String email,
                        String conversationId, Instant created, Instant lastActivity, Long itemLabelId,
                        Long conversationLabelId) {

    /** The label that counts: the item's own beats its conversation's. */
    public Long labelId() {
        return itemLabelId != null ? itemLabelId : conversationLabelId;
    }
}

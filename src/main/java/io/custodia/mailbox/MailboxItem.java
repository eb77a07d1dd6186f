package io.custodia.mailbox;

import java.time.Instant;
import java.util.List;

/** One prompt or response as a mailbox item, keyed by workspace and message id. */
public record MailboxItem(
        String workspaceId,
        String messageId,
        String userId,
        String userEmail,
        String conversationId,
        String conversationTitle,
        Instant conversationCreatedAt,
        boolean temporaryChat,
        String parentId,
        ItemKind kind,
        String itemClass,
        String sender,
        String recipients,
        String subject,
        String body,
        String bodySha256,
        Instant sentAt,
        String clientType,
        String model,
        String gptId,
        String gptName,
        String projectId,
        String projectName,
        String sourceEventId,
        List<Attachment> attachments) {

    public int sizeBytes() {
        long size = body == null ? 0 : body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (Attachment a : attachments) {
            size += a.sizeBytes() == null ? 0 : a.sizeBytes();
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }
}

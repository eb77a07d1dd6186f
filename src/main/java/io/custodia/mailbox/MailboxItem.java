package io.custodia.mailbox;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One prompt or response as a mailbox item, keyed by workspace and message id.
 *
 * @param sensitiveInfo    sensitive information types found in the body
 * @param sensitivityLabel the most sensitive label among the attachments' (null when none is labelled)
 */
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
        List<Attachment> attachments,
        List<SensitiveInfo> sensitiveInfo,
        String sensitivityLabel) {

    public MailboxItem {
        attachments = attachments == null ? List.of() : attachments;
        sensitiveInfo = sensitiveInfo == null ? List.of() : sensitiveInfo;
    }

    /** An item not classified (yet). */
    public MailboxItem(String workspaceId, String messageId, String userId, String userEmail, String conversationId,
                       String conversationTitle, Instant conversationCreatedAt, boolean temporaryChat, String parentId,
                       ItemKind kind, String itemClass, String sender, String recipients, String subject, String body,
                       String bodySha256, Instant sentAt, String clientType, String model, String gptId, String gptName,
                       String projectId, String projectName, String sourceEventId, List<Attachment> attachments) {
        this(workspaceId, messageId, userId, userEmail, conversationId, conversationTitle, conversationCreatedAt,
                temporaryChat, parentId, kind, itemClass, sender, recipients, subject, body, bodySha256, sentAt,
                clientType, model, gptId, gptName, projectId, projectName, sourceEventId, attachments, List.of(), null);
    }

    /** This item with other attachments and the sensitivity label they give it. */
    public MailboxItem withAttachments(List<Attachment> files, String label) {
        return new MailboxItem(workspaceId, messageId, userId, userEmail, conversationId, conversationTitle,
                conversationCreatedAt, temporaryChat, parentId, kind, itemClass, sender, recipients, subject, body,
                bodySha256, sentAt, clientType, model, gptId, gptName, projectId, projectName, sourceEventId, files,
                sensitiveInfo, label);
    }

    /** Distinct sensitive information types in the body or any attachment ({@code mail_item.sit_count}). */
    public int sitCount() {
        Set<String> sits = new HashSet<>();
        sensitiveInfo.forEach(s -> sits.add(s.sitId()));
        attachments.forEach(a -> a.sensitiveInfo().forEach(s -> sits.add(s.sitId())));
        return sits.size();
    }

    public int sizeBytes() {
        long size = body == null ? 0 : body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (Attachment a : attachments) {
            size += a.sizeBytes() == null ? 0 : a.sizeBytes();
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }
}

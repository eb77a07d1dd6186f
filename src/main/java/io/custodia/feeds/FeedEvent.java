package io.custodia.feeds;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * An outbox event as a feed sees it.
 *
 * @param seq         outbox order
 * @param createdAt   when it was published
 * @param payload     the type-specific JSON (docs/feeds.md, "Payload conventions")
 * @param auditRecord the matching unified audit record ({@code auditRecordId}), loaded for Purview feeds
 * @param content     prompt/response text, loaded only for feeds that opt in
 */
public record FeedEvent(long seq, String id, String type, String severity, Instant occurredAt, Instant createdAt,
                        String workspaceId, Long mailboxId, String custodian, ObjectNode payload, String auditRecord,
                        Content content) {

    /** Text of an interaction, for feeds with {@code include-content}. */
    public record Content(String conversationTitle, String promptText, String responseText) {
    }

    FeedEvent withAuditRecord(String record) {
        return new FeedEvent(seq, id, type, severity, occurredAt, createdAt, workspaceId, mailboxId, custodian, payload,
                record, content);
    }

    FeedEvent withContent(Content c) {
        return new FeedEvent(seq, id, type, severity, occurredAt, createdAt, workspaceId, mailboxId, custodian, payload,
                auditRecord, c);
    }

    /** Text of a payload field ({@code "interaction.model"}), or null. */
    public String text(String path) {
        tools.jackson.databind.JsonNode n = payload;
        for (String p : path.split("\\.")) {
            n = n == null ? null : n.get(p);
        }
        return n == null || n.isNull() || n.isContainer() ? null : n.asString();
    }

    /** Kafka key and ordering key: the custodian, else the workspace, else the event itself. */
    public String orderingKey() {
        return custodian != null ? custodian : workspaceId != null ? workspaceId : id;
    }
}

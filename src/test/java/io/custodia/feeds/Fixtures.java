package io.custodia.feeds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;
import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Outbox events as the ingest path and other capabilities publish them, turned into feed events. */
final class Fixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final OutboxEvents EVENTS = new OutboxEvents(JSON);
    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";
    static final Instant AT = Instant.parse("2026-01-05T10:15:30.123Z");

    private Fixtures() {
    }

    static MailboxItem response(String messageId, String email, String clientType) {
        return new MailboxItem(WS, messageId, "user-1", email, "conv-1", "Quarterly | plan = secret", AT.minusSeconds(60),
                false, "prompt-" + messageId, ItemKind.RESPONSE, ItemClasses.forClientType(clientType),
                "ChatGPT Enterprise", email, "Quarterly plan", "the answer", "ab".repeat(32), AT, clientType, "gpt-4o",
                "g-123", "Planner", "proj-1", "Finance", "evt-" + messageId,
                List.of(new Attachment("file-1", "q3.xlsx", "application/vnd.ms-excel", 1234L, "cd".repeat(32), null,
                        "EXTRACTED", null, null, null)));
    }

    static FeedEvent feedEvent(OutboxEvent e, long seq) {
        return new FeedEvent(seq, e.id(), e.type(), e.severity(), e.occurredAt(), e.occurredAt().plusSeconds(1),
                e.workspaceId(), e.mailboxId(), e.custodian(), (ObjectNode) JSON.readTree(e.payload()), null, null);
    }

    static FeedEvent interaction() {
        return feedEvent(EVENTS.interactionCaptured(response("msg-1", "ana@example.com", "macos_app"), 42L), 7);
    }

    static FeedEvent detection() {
        return feedEvent(EVENTS.event("sensitive.detected", "high", "item:msg-9:credit-card", AT, WS, 42L,
                "ana@example.com", Map.of(
                        "action", "create",
                        "message", "Credit card number found in a prompt of ana@example.com",
                        "actor", Map.of("type", "user", "userId", "user-1", "email", "ana@example.com"),
                        "object", Map.of("type", "prompt", "id", "msg-9"),
                        "finding", Map.of("uid", "sit:msg-9", "title", "Credit card number", "category", "financial",
                                "confidence", "high",
                                "sits", List.of(Map.of("id", "credit-card", "name", "Credit Card Number", "count", 2))))), 8);
    }

    static FeedEvent health() {
        return feedEvent(EVENTS.sourceHealthChanged(WS, "CONVERSATION_MESSAGE", "DOWN", "UP", "HTTP 503", AT), 9);
    }

    static FeedEvent unknown() {
        return feedEvent(EVENTS.event("widget.frobbed", "medium", "w:1", AT, null, null, null, Map.of(
                "action", "frob", "message", "a widget was frobbed",
                "actor", Map.of("type", "admin", "email", "admin@example.com"),
                "object", Map.of("type", "widget", "id", "w-1", "name", "Widget"),
                "widget", Map.of("color", "blue"))), 10);
    }

    static FeedProperties.Feed feed(String type, String url, String format) {
        return new FeedProperties.Feed(type, url, format, null, null, null, "s3cret", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null).checked("test");
    }
}

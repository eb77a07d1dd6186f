package io.custodia.feeds;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Custodia's own JSON: the outbox row's columns, and the payload under {@code data}; the text of an
 * interaction under {@code content} only for feeds that opt in.
 */
final class CustodiaJsonFormat {

    private final JsonMapper json;

    CustodiaJsonFormat(JsonMapper json) {
        this.json = json;
    }

    ObjectNode tree(FeedEvent e) {
        ObjectNode o = json.createObjectNode();
        o.put("id", e.id());
        o.put("type", e.type());
        o.put("severity", e.severity());
        o.put("occurredAt", e.occurredAt().toString());
        o.put("publishedAt", e.createdAt() == null ? null : e.createdAt().toString());
        o.put("seq", e.seq());
        o.put("workspaceId", e.workspaceId());
        if (e.mailboxId() == null) {
            o.putNull("mailboxId");
        } else {
            o.put("mailboxId", e.mailboxId());
        }
        o.put("custodian", e.custodian());
        o.set("data", e.payload());
        if (e.content() != null) {
            o.putObject("content").put("conversationTitle", e.content().conversationTitle())
                    .put("promptText", e.content().promptText()).put("responseText", e.content().responseText());
        }
        return o;
    }

    String render(FeedEvent e) {
        return json.writeValueAsString(tree(e));
    }
}

package io.custodia.feeds;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splunk HTTP Event Collector envelopes (anchors §C.3): {@code time} in epoch seconds with
 * milliseconds, {@code host}, {@code source}, {@code sourcetype}, optional {@code index}, the event,
 * and index-time {@code fields} to search by. A batch is the envelopes one after another (no array).
 */
final class HecEnvelope {

    private final JsonMapper json;
    private final String host;

    HecEnvelope(JsonMapper json, String host) {
        this.json = json;
        this.host = host;
    }

    /** @param rendered the event in the feed's format (JSON is embedded as an object, CEF as a string) */
    String wrap(FeedEvent e, FeedProperties.Feed feed, String rendered, FeedFormat inner) {
        ObjectNode o = json.createObjectNode();
        o.put("time", BigDecimal.valueOf(e.occurredAt().toEpochMilli(), 3));
        o.put("host", host);
        o.put("source", feed.source());
        o.put("sourcetype", feed.sourcetype() != null ? feed.sourcetype() : switch (inner) {
            case OCSF -> "ocsf";
            case CEF -> "cef";
            case PURVIEW -> "custodia:purview";
            default -> "custodia:event";
        });
        if (feed.index() != null) {
            o.put("index", feed.index());
        }
        if (inner.isJson()) {
            JsonNode event = json.readTree(rendered);
            o.set("event", event);
        } else {
            o.put("event", rendered);
        }
        ObjectNode fields = o.putObject("fields");
        fields.put("event_id", e.id());
        fields.put("event_type", e.type());
        fields.put("severity", e.severity());
        if (e.workspaceId() != null) {
            fields.put("workspace_id", e.workspaceId());
        }
        if (e.custodian() != null) {
            fields.put("custodian", e.custodian());
        }
        return json.writeValueAsString(o);
    }
}

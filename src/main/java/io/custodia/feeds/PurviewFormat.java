package io.custodia.feeds;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.custodia.audit.AuditRecords;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Purview's unified audit log shape (reference/purview.md §1.2): the event's own audit record when it
 * has one ({@code auditRecordId}, e.g. the {@code ConnectedAIAppInteraction} record of an interaction),
 * else a record built from the event: Custodia's RecordType, workload {@code Custodia}, the event type as
 * {@code Operation}, the payload under {@code EventData}.
 */
final class PurviewFormat {

    private static final DateTimeFormatter CREATION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final JsonMapper json;

    PurviewFormat(JsonMapper json) {
        this.json = json;
    }

    String render(FeedEvent e) {
        if (e.auditRecord() != null) {
            return e.auditRecord();
        }
        ObjectNode r = json.createObjectNode();
        r.put("CreationTime", CREATION_TIME.format(e.occurredAt()));
        r.put("Id", e.id());
        r.put("Operation", e.type());
        r.put("OrganizationId", e.workspaceId());
        r.put("RecordType", AuditRecords.CUSTODIA_ADMIN);
        boolean system = "system".equals(e.text("actor.type"));
        String user = e.text("actor.email") != null ? e.text("actor.email") : e.text("actor.name");
        if (user == null) {
            user = e.custodian();
        }
        r.put("UserKey", e.text("actor.userId") != null ? e.text("actor.userId") : user == null ? "" : user);
        r.put("UserType", system ? 4 : "admin".equals(e.text("actor.type")) ? 2 : 0);
        r.put("Version", 1);
        r.put("Workload", "Custodia");
        r.put("UserId", user == null ? "" : user);
        r.put("ClientIP", "");
        r.put("ObjectId", e.text("object.id") == null ? "" : e.text("object.id"));
        String result = e.text("result");
        r.put("ResultStatus", result == null ? "Succeeded" : result);
        r.put("Severity", e.severity());
        r.set("EventData", e.payload());
        return json.writeValueAsString(r);
    }
}

package io.custodia.audit;

import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.MailboxItem;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds outbox events following the payload conventions of docs/feeds.md: a JSON object with
 * {@code action} (create/read/update/delete/other), {@code message} (one line for people),
 * {@code actor}, {@code object}, {@code auditRecordId} when an audit record goes with the event, and
 * one type-specific object named after the subject ({@code interaction}, {@code finding},
 * {@code source} …). Ids are name-based UUIDs of what caused the event, so publishing the same cause
 * twice yields one row.
 */
@Component
public class OutboxEvents {

    private final JsonMapper json;

    public OutboxEvents(JsonMapper json) {
        this.json = json;
    }

    /**
     * The event of one captured interaction (keyed on its response). Carries what the OCSF, CEF and
     * Purview renderings need — never prompt or response text, nor the conversation title: feeds that
     * opt in to content read those from the store when they render.
     */
    public OutboxEvent interactionCaptured(MailboxItem response, Long mailboxId) {
        String custodian = custodian(response.userEmail(), response.userId());
        ObjectNode p = json.createObjectNode();
        p.put("action", "create");
        p.put("message", "ChatGPT Enterprise interaction captured for " + custodian
                + (response.model() == null ? "" : " (model " + response.model() + ")"));
        ObjectNode actor = p.putObject("actor");
        actor.put("type", "user");
        actor.put("userId", response.userId());
        actor.put("email", response.userEmail());
        ObjectNode object = p.putObject("object");
        object.put("type", "interaction");
        object.put("id", response.messageId());
        p.put("auditRecordId", AuditRecords.interactionId(response.workspaceId(), response.messageId()));
        ObjectNode i = p.putObject("interaction");
        i.put("app", ItemClasses.APP_NAME);
        i.put("conversationId", response.conversationId());
        i.put("promptMessageId", response.parentId());
        i.put("responseMessageId", response.messageId());
        i.put("respondedAt", response.sentAt().toString());
        i.put("model", response.model());
        i.put("clientType", response.clientType());
        i.put("itemClass", response.itemClass());
        i.put("gptId", response.gptId());
        i.put("gptName", response.gptName());
        i.put("projectId", response.projectId());
        i.put("projectName", response.projectName());
        i.put("temporaryChat", response.temporaryChat());
        i.put("sourceEventId", response.sourceEventId());
        var files = i.putArray("attachments");
        for (Attachment a : response.attachments()) {
            files.addObject().put("fileId", a.fileId()).put("name", a.name()).put("contentType", a.contentType())
                    .put("sizeBytes", a.sizeBytes()).put("sha256", a.sha256());
        }
        String id = AuditRecords.uuid(EventTypes.INTERACTION_CAPTURED + ":" + response.workspaceId() + ":" + response.messageId());
        return new OutboxEvent(id, EventTypes.INTERACTION_CAPTURED, EventTypes.INFO, response.sentAt(),
                response.workspaceId(), mailboxId, custodian, json.writeValueAsString(p));
    }

    /** A collection stream changed state: {@code UP}, {@code DOWN} or {@code UNAUTHORIZED}. */
    public OutboxEvent sourceHealthChanged(String workspaceId, String stream, String state, String previous,
                                           String error, Instant at) {
        ObjectNode p = json.createObjectNode();
        p.put("action", "update");
        p.put("message", "Collection of " + stream + " from workspace " + workspaceId + " is " + state
                + (error == null ? "" : ": " + error));
        p.putObject("actor").put("type", "system").put("name", "custodia");
        p.putObject("object").put("type", "source").put("id", workspaceId + "/" + stream).put("name", stream);
        ObjectNode s = p.putObject("source");
        s.put("workspaceId", workspaceId);
        s.put("stream", stream);
        s.put("state", state);
        s.put("previousState", previous);
        s.put("error", error);
        String severity = switch (state) {
            case "UP" -> EventTypes.INFO;
            case "UNAUTHORIZED" -> EventTypes.CRITICAL;
            default -> EventTypes.HIGH;
        };
        String id = AuditRecords.uuid(EventTypes.SOURCE_HEALTH_CHANGED + ":" + workspaceId + ":" + stream + ":" + state + ":" + at);
        return new OutboxEvent(id, EventTypes.SOURCE_HEALTH_CHANGED, severity, at, workspaceId, null, null,
                json.writeValueAsString(p));
    }

    /**
     * Any other event, for the capabilities that publish their own (holds, exports, searches, content
     * views, disposals, detections …). {@code naturalKey} identifies the cause (e.g. {@code "hold:42:created"}):
     * the same key always gives the same event id.
     *
     * @param payload the type-specific fields, following the conventions above
     */
    public OutboxEvent event(String type, String severity, String naturalKey, Instant occurredAt, String workspaceId,
                             Long mailboxId, String custodian, Map<String, ?> payload) {
        if (!EventTypes.SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("unknown severity " + severity + "; one of " + EventTypes.SEVERITIES);
        }
        return new OutboxEvent(AuditRecords.uuid(type + ":" + naturalKey), type, severity, occurredAt, workspaceId,
                mailboxId, custodian, json.writeValueAsString(payload));
    }

    /** The custodian key of events: the user's e-mail address, or the user id when the source gave none. */
    public static String custodian(String email, String userId) {
        return email != null && !email.isBlank() ? email : userId;
    }
}

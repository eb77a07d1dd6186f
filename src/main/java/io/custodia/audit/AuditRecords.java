package io.custodia.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.MailboxItem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds audit records in the shape of Purview's unified audit log (reference/purview.md §1): the
 * {@code ConnectedAIAppInteraction} record of an interaction, and records for collected log events.
 * Ids are name-based UUIDs of the source key, so the same event always yields the same record.
 */
@Component
public class AuditRecords {

    /** Purview's RecordType for interactions with connected (registered) AI apps. */
    public static final int CONNECTED_AI_APP_INTERACTION = 328;
    /** Purview's RecordType for sign-in events (AzureActiveDirectoryStsLogon). */
    public static final int STS_LOGON = 15;
    /** Custodia's own RecordType for other ChatGPT Enterprise log events (not a Purview value). */
    public static final int CHATGPT_ENTERPRISE_LOG = 10_001;
    public static final String WORKLOAD = "ConnectedAIApp";

    /** Purview writes CreationTime in UTC without a zone suffix. */
    static final DateTimeFormatter CREATION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final JsonMapper json;

    public AuditRecords(JsonMapper json) {
        this.json = json;
    }

    /** The interaction record written when a response arrives: the prompt it answers plus the response. */
    public AuditRecord interaction(MailboxItem response) {
        String key = interactionKey(response.workspaceId(), response.messageId());
        String id = uuid(key);
        boolean device = ItemClasses.CONNECTOR.equals(response.itemClass());
        ObjectNode r = envelope(id, response.sentAt(), "ConnectedAIAppInteraction", CONNECTED_AI_APP_INTERACTION,
                response.workspaceId(), response.userId(), response.userEmail());
        r.put("ClientIP", "");
        r.put("AppIdentity", device ? "ConnectedAIApp.Connector.ChatGPTEnterprise" : "CloudAIApp.SaaS.ChatGPTEnterprise");
        ObjectNode data = r.putObject("CopilotEventData");
        data.put("AppHost", response.clientType() == null ? "ChatGPTEnterprise" : response.clientType());
        data.put("ThreadId", response.conversationId());
        data.putArray("Contexts");
        data.putArray("MessageIds");
        var messages = data.putArray("Messages");
        if (response.parentId() != null) {
            messages.addObject().put("Id", response.parentId()).put("isPrompt", true).put("JailbreakDetected", false);
        }
        messages.addObject().put("Id", response.messageId()).put("isPrompt", false).put("JailbreakDetected", false);
        data.putArray("AccessedResources");
        data.putArray("AISystemPlugin");
        data.putArray("ModelTransparencyDetails").addObject().put("ModelProviderName", "OpenAI")
                .put("ModelName", response.model() == null ? "" : response.model()).put("ModelVersion", "");
        if (response.gptId() != null) {
            r.put("AgentId", response.gptId());
            r.put("AgentName", response.gptName() == null ? "" : response.gptName());
        }
        return new AuditRecord(id, key, CONNECTED_AI_APP_INTERACTION, "ConnectedAIAppInteraction", WORKLOAD,
                response.sentAt(), response.userEmail(), response.workspaceId(), response.conversationId(),
                "Succeeded", null, json.writeValueAsString(r), null);
    }

    /** Id of the interaction record of a response: outbox events point at it ({@code auditRecordId}). */
    public static String interactionId(String workspaceId, String responseMessageId) {
        return uuid(interactionKey(workspaceId, responseMessageId));
    }

    private static String interactionKey(String workspaceId, String responseMessageId) {
        return "interaction:" + workspaceId + ":" + responseMessageId;
    }

    /** A collected Logs Platform event other than a message: kept verbatim in {@code original}. */
    public AuditRecord logEvent(String workspaceId, String eventType, JsonNode event, String raw) {
        String eventId = text(event, "event_id");
        String key = "event:" + workspaceId + ":" + eventType + ":" + eventId;
        String id = uuid(key);
        Instant at = io.custodia.source.Timestamps.parse(event.get("timestamp"));
        JsonNode actor = event.path("actor");
        String user = text(actor, "user_email");
        if (user == null) {
            user = text(actor, "redacted_id") != null ? text(actor, "redacted_id") : text(actor, "id");
        }
        String action = operation(eventType, event);
        int recordType = "AUTH_LOG".equals(eventType) ? STS_LOGON : CHATGPT_ENTERPRISE_LOG;
        String result = "login_failed".equals(text(event.path("action_data"), "action"))
                || "BLOCKED".equals(text(event, "action_result")) ? "Failed" : "Succeeded";
        String ip = text(event.path("request_metadata"), "client_ip");
        ObjectNode r = envelope(id, at, action, recordType, workspaceId, text(actor, "user_id"), user);
        r.put("ClientIP", ip == null ? "" : ip);
        r.put("ResultStatus", result);
        r.put("ObjectId", eventId);
        r.put("SourceEventType", eventType);
        return new AuditRecord(id, key, recordType, action, "ChatGPTEnterprise", at, user, workspaceId, eventId,
                result, ip, json.writeValueAsString(r), raw);
    }

    /** Purview's RecordType for eDiscovery activities (searches, holds, exports, content views). */
    public static final int DISCOVERY = 24;
    /** Custodia's own RecordType for its administrative actions (not a Purview value). */
    public static final int CUSTODIA_ADMIN = 10_002;

    /**
     * An administrative action done through the hub (policy change, search, content view, export,
     * hold, disposal, login …). Each call is a new record.
     *
     * @param details extra fields, written under {@code ActionDetails}
     */
    public AuditRecord adminAction(int recordType, String operation, String user, String objectId,
                                   java.util.Map<String, ?> details) {
        return adminAction("admin:" + UUID.randomUUID(), recordType, operation, user, USER_TYPE_REGULAR, objectId,
                "Succeeded", null, details);
    }

    /** Purview's UserType of a person. */
    public static final int USER_TYPE_REGULAR = 0;
    /** Purview's UserType of the service itself (e.g. the disposition job). */
    public static final int USER_TYPE_SYSTEM = 4;

    /**
     * An administrative action with every field chosen by the caller: a stable {@code sourceKey} (so a
     * retried transaction can never record the same action twice), the user type, the result
     * ({@code Succeeded} / {@code Failed}) and the caller's address.
     */
    public AuditRecord adminAction(String sourceKey, int recordType, String operation, String user, int userType,
                                   String objectId, String resultStatus, String clientIp,
                                   java.util.Map<String, ?> details) {
        String id = uuid(sourceKey);
        Instant now = Instant.now();
        ObjectNode r = envelope(id, now, operation, recordType, null, user, user);
        r.put("UserType", userType);
        r.put("Workload", "Custodia");
        r.put("ClientIP", clientIp == null ? "" : clientIp);
        r.put("ObjectId", objectId == null ? "" : objectId);
        r.put("ResultStatus", resultStatus);
        r.set("ActionDetails", json.valueToTree(details == null ? java.util.Map.of() : details));
        return new AuditRecord(id, sourceKey, recordType, operation, "Custodia", now, user, null, objectId,
                resultStatus, clientIp, json.writeValueAsString(r), null);
    }

    static String operation(String eventType, JsonNode event) {
        if ("AUTH_LOG".equals(eventType)) {
            String action = text(event.path("action_data"), "action");
            if (action == null) {
                return "UserAuthEvent";
            }
            return switch (action) {
                case "login_success" -> "UserLoggedIn";
                case "login_failed" -> "UserLoginFailed";
                case "logout_success" -> "UserLoggedOut";
                case "token_issued" -> "TokenIssued";
                default -> action;
            };
        }
        String action = text(event, "action");
        if (action == null) {
            action = text(event, "event_type");
        }
        return action != null ? action : eventType;
    }

    private ObjectNode envelope(String id, Instant at, String operation, int recordType, String workspaceId,
                                String userKey, String userId) {
        ObjectNode r = json.createObjectNode();
        r.put("CreationTime", at == null ? "" : CREATION_TIME.format(at));
        r.put("Id", id);
        r.put("Operation", operation);
        r.put("OrganizationId", workspaceId);
        r.put("RecordType", recordType);
        r.put("UserKey", userKey == null ? "" : userKey);
        r.put("UserType", 0);
        r.put("Version", 1);
        r.put("Workload", recordType == CONNECTED_AI_APP_INTERACTION ? WORKLOAD : "ChatGPTEnterprise");
        r.put("UserId", userId == null ? "" : userId);
        return r;
    }

    public static String uuid(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}

package io.custodia.feeds;

import java.util.Iterator;
import java.util.Map;

import io.custodia.audit.EventTypes;
import io.custodia.mailbox.ItemClasses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCSF 1.8.0 events (reference: ../shared/reference/ocsf-1.8.0, anchors §C.1).
 * <ul>
 *   <li>{@code interaction.captured} → API Activity (6003), activity Create, with the {@code ai_operation}
 *       profile: {@code ai_model} (provider OpenAI, the response's model) and {@code message_context}
 *       (conversation, role Assistant, application and service ChatGPT Enterprise). Prompt and response text
 *       only for feeds that opt in, as {@code message_context.prompt_text}/{@code response_text} — OCSF 1.9
 *       names, not part of 1.8.0.</li>
 *   <li>{@code sensitive.detected} and {@code alert.raised} → Data Security Finding (2006).</li>
 *   <li>every other type (administrative actions, health changes, types this version does not know) →
 *       API Activity (6003) on Custodia's own API, the activity from the payload's {@code action}.</li>
 * </ul>
 * Whatever the class has no attribute for goes under {@code unmapped}, so nothing is lost.
 */
final class OcsfFormat {

    static final String VERSION = "1.8.0";
    static final int API_ACTIVITY = 6003;
    static final int DATA_SECURITY_FINDING = 2006;

    private final JsonMapper json;
    private final String productVersion;

    OcsfFormat(JsonMapper json, String productVersion) {
        this.json = json;
        this.productVersion = productVersion;
    }

    String render(FeedEvent e) {
        return json.writeValueAsString(tree(e));
    }

    ObjectNode tree(FeedEvent e) {
        return switch (e.type()) {
            case EventTypes.INTERACTION_CAPTURED -> interaction(e);
            case EventTypes.SENSITIVE_DETECTED, EventTypes.ALERT_RAISED -> finding(e);
            default -> apiActivity(e);
        };
    }

    // ------------------------------------------------------------------ API Activity: interactions

    private ObjectNode interaction(FeedEvent e) {
        ObjectNode o = base(e, 6, "Application Activity", API_ACTIVITY, "API Activity", 1, "Create");
        JsonNode i = e.payload().path("interaction");
        metadata(o, e).putArray("profiles").add("ai_operation");
        ((ObjectNode) o.get("metadata")).put("correlation_uid", text(i, "conversationId"));
        actor(o, e);
        ObjectNode api = o.putObject("api");
        api.put("operation", "conversation.message");
        api.putObject("service").put("name", ItemClasses.APP_NAME);
        if (text(i, "promptMessageId") != null) {
            api.putObject("request").put("uid", text(i, "promptMessageId"));
        }
        ObjectNode src = o.putObject("src_endpoint");
        src.put("name", text(i, "clientType") != null ? text(i, "clientType") : "ChatGPT Enterprise client");
        o.putObject("dst_endpoint").put("svc_name", ItemClasses.APP_NAME).put("name", "chatgpt.com");
        String model = text(i, "model");
        if (model != null) {
            o.putObject("ai_model").put("ai_provider", "OpenAI").put("name", model);
        }
        ObjectNode mc = o.putObject("message_context");
        mc.put("uid", text(i, "conversationId"));
        mc.put("ai_role_id", 2);
        mc.put("ai_role", "Assistant");
        ObjectNode app = mc.putObject("application").put("name", ItemClasses.APP_NAME);
        if (text(i, "gptId") != null) {
            app.put("uid", text(i, "gptId"));
        }
        mc.putObject("service").put("name", ItemClasses.APP_NAME);
        if (e.content() != null) {
            mc.put("name", e.content().conversationTitle());
            mc.put("prompt_text", e.content().promptText());
            mc.put("response_text", e.content().responseText());
        }
        ArrayNode resources = o.putArray("resources");
        resources.addObject().put("uid", text(i, "conversationId")).put("type", "conversation");
        resources.addObject().put("uid", text(i, "responseMessageId")).put("type", "response");
        ObjectNode unmapped = o.putObject("unmapped");
        unmapped.put("custodia_event_type", e.type());
        for (String f : new String[]{"itemClass", "gptName", "projectId", "projectName", "temporaryChat", "sourceEventId"}) {
            if (i.hasNonNull(f)) {
                unmapped.set(f, i.get(f));
            }
        }
        if (i.path("attachments").size() > 0) {
            unmapped.set("attachments", i.get("attachments"));
        }
        return o;
    }

    // ------------------------------------------------------------------ Data Security Finding: detections

    private ObjectNode finding(FeedEvent e) {
        boolean alert = EventTypes.ALERT_RAISED.equals(e.type());
        ObjectNode o = base(e, 2, "Findings", DATA_SECURITY_FINDING, "Data Security Finding", 1, "Create");
        metadata(o, e);
        JsonNode f = e.payload().path("finding");
        ObjectNode info = o.putObject("finding_info");
        info.put("uid", text(f, "uid") != null ? text(f, "uid") : e.id());
        info.put("title", text(f, "title") != null ? text(f, "title") : message(e));
        info.put("created_time", e.occurredAt().toEpochMilli());
        ArrayNode types = info.putArray("types");
        for (JsonNode sit : f.path("sits")) {
            types.add(text(sit, "name") != null ? text(sit, "name") : text(sit, "id"));
        }
        ObjectNode ds = o.putObject("data_security");
        ds.put("category_id", category(text(f, "category")));
        ds.put("detection_system_id", 4); // Data Discovery & Classification
        ds.put("detection_system", "Custodia");
        ds.put("data_lifecycle_state_id", 1); // at rest, in the archive
        StringBuilder patterns = new StringBuilder();
        for (JsonNode sit : f.path("sits")) {
            patterns.append(patterns.isEmpty() ? "" : ",").append(text(sit, "id"));
        }
        if (!patterns.isEmpty()) {
            ds.put("detection_pattern", patterns.toString());
        }
        o.put("is_alert", alert);
        o.put("status_id", 1);
        o.put("status", "New");
        String confidence = text(f, "confidence");
        if (confidence != null) {
            o.put("confidence_id", switch (confidence.toLowerCase()) {
                case "low" -> 1;
                case "medium" -> 2;
                case "high" -> 3;
                default -> 99;
            });
        }
        actor(o, e);
        resources(o, e);
        unmapped(o, e);
        return o;
    }

    private static int category(String c) {
        if (c == null) {
            return 99;
        }
        return switch (c.toLowerCase()) {
            case "personal", "pii" -> 1;
            case "governmental", "government" -> 2;
            case "financial", "finance" -> 3;
            case "business" -> 4;
            case "security", "credentials", "secrets" -> 6;
            default -> 99;
        };
    }

    // ------------------------------------------------------------------ API Activity: everything else

    private ObjectNode apiActivity(FeedEvent e) {
        String action = e.text("action");
        int activity = action == null ? 99 : switch (action.toLowerCase()) {
            case "create" -> 1;
            case "read" -> 2;
            case "update" -> 3;
            case "delete" -> 4;
            default -> 99;
        };
        String name = switch (activity) {
            case 1 -> "Create";
            case 2 -> "Read";
            case 3 -> "Update";
            case 4 -> "Delete";
            default -> "Other";
        };
        ObjectNode o = base(e, 6, "Application Activity", API_ACTIVITY, "API Activity", activity, name);
        metadata(o, e);
        actor(o, e);
        ObjectNode api = o.putObject("api");
        api.put("operation", e.type());
        api.putObject("service").put("name", "Custodia");
        o.putObject("src_endpoint").put("svc_name", "custodia").put("name", "custodia");
        o.putObject("dst_endpoint").put("svc_name", "custodia");
        resources(o, e);
        unmapped(o, e);
        return o;
    }

    // ------------------------------------------------------------------ shared parts

    private ObjectNode base(FeedEvent e, int category, String categoryName, int classUid, String className,
                            int activity, String activityName) {
        ObjectNode o = json.createObjectNode();
        o.put("category_uid", category);
        o.put("category_name", categoryName);
        o.put("class_uid", classUid);
        o.put("class_name", className);
        o.put("activity_id", activity);
        o.put("activity_name", activityName);
        o.put("type_uid", classUid * 100L + activity);
        o.put("type_name", className + ": " + activityName);
        o.put("severity_id", severityId(e.severity()));
        o.put("severity", severityName(e.severity()));
        o.put("time", e.occurredAt().toEpochMilli());
        o.put("timezone_offset", 0);
        String result = e.text("result");
        boolean failed = result != null && result.toLowerCase().startsWith("fail");
        o.put("status_id", failed ? 2 : 1);
        o.put("status", failed ? "Failure" : "Success");
        o.put("message", message(e));
        return o;
    }

    private ObjectNode metadata(ObjectNode o, FeedEvent e) {
        ObjectNode m = o.putObject("metadata");
        m.put("version", VERSION);
        m.putObject("product").put("name", "Custodia").put("vendor_name", "Custodia").put("version", productVersion);
        m.put("uid", e.id());
        m.put("log_name", e.type());
        m.put("original_time", e.occurredAt().toString());
        m.put("sequence", e.seq());
        if (e.createdAt() != null) {
            m.put("logged_time", e.createdAt().toEpochMilli());
        }
        if (e.workspaceId() != null) {
            m.put("tenant_uid", e.workspaceId());
        }
        return m;
    }

    /** The payload's actor as an OCSF user; the custodian when the payload names none; else Custodia itself. */
    private void actor(ObjectNode o, FeedEvent e) {
        ObjectNode actor = o.putObject("actor");
        JsonNode a = e.payload().path("actor");
        String type = text(a, "type");
        String uid = text(a, "userId");
        String email = text(a, "email");
        String name = text(a, "name");
        if ("system".equals(type) || (uid == null && email == null && name == null && e.custodian() == null)) {
            actor.put("app_name", "Custodia");
            return;
        }
        ObjectNode user = actor.putObject("user");
        if (uid != null) {
            user.put("uid", uid);
        }
        if (email != null) {
            user.put("email_addr", email);
        }
        user.put("name", name != null ? name : email != null ? email : uid != null ? uid : e.custodian());
        user.put("type_id", "admin".equals(type) ? 2 : 1);
        user.put("type", "admin".equals(type) ? "Admin" : "User");
    }

    private void resources(ObjectNode o, FeedEvent e) {
        JsonNode object = e.payload().path("object");
        if (object.isObject() && (object.hasNonNull("id") || object.hasNonNull("name"))) {
            ObjectNode r = o.putArray("resources").addObject();
            if (object.hasNonNull("id")) {
                r.put("uid", text(object, "id"));
            }
            if (object.hasNonNull("name")) {
                r.put("name", text(object, "name"));
            }
            if (object.hasNonNull("type")) {
                r.put("type", text(object, "type"));
            }
        }
    }

    /** The payload fields no OCSF attribute took, so a receiver loses nothing. */
    private void unmapped(ObjectNode o, FeedEvent e) {
        ObjectNode u = o.putObject("unmapped");
        u.put("custodia_event_type", e.type());
        for (Iterator<Map.Entry<String, JsonNode>> it = e.payload().properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("actor") && !f.getKey().equals("message") && !f.getKey().equals("action")) {
                u.set(f.getKey(), f.getValue());
            }
        }
    }

    private static String message(FeedEvent e) {
        String m = e.text("message");
        return m != null ? m : e.type();
    }

    static int severityId(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase()) {
            case EventTypes.INFO -> 1;
            case EventTypes.LOW -> 2;
            case EventTypes.MEDIUM -> 3;
            case EventTypes.HIGH -> 4;
            case EventTypes.CRITICAL -> 5;
            default -> 0;
        };
    }

    static String severityName(String severity) {
        return switch (severityId(severity)) {
            case 1 -> "Informational";
            case 2 -> "Low";
            case 3 -> "Medium";
            case 4 -> "High";
            case 5 -> "Critical";
            default -> "Unknown";
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainer() ? null : v.asString();
    }
}

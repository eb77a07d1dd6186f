package io.custodia.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.custodia.classify.ContentClassifier;
import io.custodia.classify.SitMatch;
import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.SensitiveInfo;
import io.custodia.source.Timestamps;
import tools.jackson.databind.JsonNode;

/**
 * A {@code CONVERSATION_MESSAGE} record as a mailbox item. Tolerates both authorship shapes
 * ({@code author.type} and the older {@code author.role}) and both timestamp forms. Classifies the body
 * here, on the processor side; its file references are resolved (stored bytes, Tika, classification) for the
 * whole chunk at once by {@link AttachmentResolver#resolve(List)} before it is written.
 */
@Component
public class MessageNormalizer {

    static final int SUBJECT_MAX = 1024;
    private static final int CLASS_CACHE = 100_000;

    private final ContentClassifier classifier;
    /** ItemClass of recent prompts, for responses that carry no client type of their own. */
    private final Map<String, String> promptClasses = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > CLASS_CACHE;
                }
            });

    public MessageNormalizer(ContentClassifier classifier) {
        this.classifier = classifier;
    }

    public MailboxItem normalize(String workspaceId, JsonNode event) {
        JsonNode message = event.path("message");
        JsonNode actor = event.path("actor");
        JsonNode conversation = event.path("conversation");
        String messageId = required(message, "id", "message.id");
        String userId = required(actor, "user_id", "actor.user_id");
        String conversationId = required(conversation, "id", "conversation.id");
        JsonNode author = message.path("author");
        String authorType = text(author, "type");
        if (authorType == null) {
            authorType = text(author, "role");
        }
        if (authorType == null) {
            throw new MalformedRecordException("message " + messageId + " has neither author.type nor author.role");
        }
        ItemKind kind = switch (authorType) {
            case "user" -> ItemKind.PROMPT;
            case "assistant" -> ItemKind.RESPONSE;
            default -> ItemKind.TOOL;
        };
        Instant sent = timestamp(message.get("created_at"), messageId);
        if (sent == null) {
            sent = timestamp(event.get("timestamp"), messageId);
        }
        if (sent == null) {
            throw new MalformedRecordException("message " + messageId + " has no created_at and no timestamp");
        }
        String parentId = text(message, "parent_id");
        if (parentId == null) {
            parentId = text(event, "previous_message_id");
        }
        String clientType = text(author, "client_type");
        String itemClass = ItemClasses.forClientType(clientType);
        if (itemClass == null && kind != ItemKind.PROMPT && parentId != null) {
            itemClass = promptClasses.get(workspaceId + "|" + parentId);
        }
        if (itemClass == null) {
            itemClass = ItemClasses.BROWSER;
        }
        if (kind == ItemKind.PROMPT) {
            promptClasses.put(workspaceId + "|" + messageId, itemClass);
        }
        String email = text(actor, "user_email");
        String app = ItemClasses.APP_NAME;
        String sender = kind == ItemKind.PROMPT ? (email != null ? email : userId) : app;
        String recipients = kind == ItemKind.PROMPT ? app : (email != null ? email : userId);
        String body = body(message.get("content"));
        String title = text(conversation, "title");
        if (title != null && title.length() > SUBJECT_MAX) {
            title = title.substring(0, SUBJECT_MAX);
        }
        List<Attachment> files = new ArrayList<>();
        JsonNode fileList = message.path("files");
        if (fileList.isObject()) {
            fileList = fileList.path("data"); // the stateful API's list envelope
        }
        for (JsonNode f : fileList) {
            String fileId = text(f, "id");
            if (fileId != null) {
                files.add(AttachmentResolver.reference(fileId, text(f, "name"), text(f, "mime_type")));
            }
        }
        return new MailboxItem(workspaceId, messageId, userId, email, conversationId, title,
                timestamp(conversation.get("created_at"), messageId), conversation.path("is_temporary_chat").asBoolean(false),
                parentId, kind, itemClass, sender, recipients, title, body, sha256(body), sent, clientType,
                text(author, "model"), text(conversation, "gpt_id"), text(conversation, "gpt_name"),
                text(conversation, "project_id"), text(conversation, "project_name"), text(event, "event_id"),
                List.copyOf(files), sensitiveInfo(classifier.matches(body)), null);
    }

    static List<SensitiveInfo> sensitiveInfo(List<SitMatch> matches) {
        if (matches.isEmpty()) {
            return List.of();
        }
        List<SensitiveInfo> out = new ArrayList<>(matches.size());
        for (SitMatch m : matches) {
            out.add(new SensitiveInfo(m.sit(), m.count(), m.confidence()));
        }
        return out;
    }

    /** Text content as is; other content types (and the legacy {@code parts}) as their text or JSON. */
    static String body(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        JsonNode value = content.get("value");
        if (value != null && value.isString()) {
            return value.asString();
        }
        JsonNode parts = content.get("parts");
        if (parts != null && parts.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode p : parts) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(p.isString() ? p.asString() : p.toString());
            }
            return sb.toString();
        }
        return value == null || value.isNull() ? "" : value.toString();
    }

    private static Instant timestamp(JsonNode node, String messageId) {
        try {
            return Timestamps.parse(node);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("message " + messageId + ": " + e.getMessage());
        }
    }

    private static String required(JsonNode node, String field, String path) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            throw new MalformedRecordException("CONVERSATION_MESSAGE record without " + path);
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainer() ? null : v.asString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

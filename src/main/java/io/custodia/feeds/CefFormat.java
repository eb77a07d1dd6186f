package io.custodia.feeds;

import java.util.LinkedHashMap;
import java.util.Map;

import io.custodia.audit.EventTypes;
import io.custodia.mailbox.ItemClasses;

/**
 * ArcSight CEF (anchors §C.2): {@code CEF:0|Custodia|Custodia|version|<event type>|<name>|<0-10>|ext}.
 * The header escapes {@code |} and {@code \}; the extension escapes {@code =} and {@code \} and encodes
 * line breaks. Standard keys first ({@code rt}, {@code externalId}, {@code cat}, {@code act},
 * {@code suser}, {@code msg}, {@code app}), then labelled custom strings for what has no standard key.
 */
final class CefFormat {

    private final String productVersion;

    CefFormat(String productVersion) {
        this.productVersion = productVersion;
    }

    String render(FeedEvent e) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", Long.toString(e.occurredAt().toEpochMilli()));
        ext.put("externalId", e.id());
        ext.put("cat", e.type());
        ext.put("act", e.text("action"));
        String user = e.text("actor.email") != null ? e.text("actor.email") : e.text("actor.userId");
        ext.put("suser", user != null ? user : e.custodian());
        ext.put("suid", e.text("actor.userId"));
        ext.put("msg", e.text("message"));
        ext.put("deviceExternalId", e.workspaceId());
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("workspaceId", e.workspaceId());
        switch (e.type()) {
            case EventTypes.INTERACTION_CAPTURED -> {
                ext.put("app", ItemClasses.APP_NAME);
                ext.put("requestClientApplication", e.text("interaction.clientType"));
                custom.put("conversationId", e.text("interaction.conversationId"));
                custom.put("model", e.text("interaction.model"));
                custom.put("itemClass", e.text("interaction.itemClass"));
                custom.put("responseMessageId", e.text("interaction.responseMessageId"));
                custom.put("gptId", e.text("interaction.gptId"));
            }
            case EventTypes.SOURCE_HEALTH_CHANGED -> {
                custom.put("stream", e.text("source.stream"));
                custom.put("state", e.text("source.state"));
                custom.put("error", e.text("source.error"));
            }
            default -> {
                custom.put("objectType", e.text("object.type"));
                custom.put("objectId", e.text("object.id"));
                custom.put("objectName", e.text("object.name"));
                custom.put("auditRecordId", e.text("auditRecordId"));
            }
        }
        int n = 1;
        for (Map.Entry<String, String> c : custom.entrySet()) {
            if (c.getValue() != null && n <= 6) {
                ext.put("cs" + n + "Label", c.getKey());
                ext.put("cs" + n, c.getValue());
                n++;
            }
        }
        if (e.mailboxId() != null) {
            ext.put("cn1Label", "mailboxId");
            ext.put("cn1", Long.toString(e.mailboxId()));
        }
        StringBuilder s = new StringBuilder("CEF:0|Custodia|Custodia|").append(header(productVersion)).append('|')
                .append(header(e.type())).append('|').append(header(name(e.type()))).append('|')
                .append(severity(e.severity())).append('|');
        boolean first = true;
        for (Map.Entry<String, String> x : ext.entrySet()) {
            if (x.getValue() == null) {
                continue;
            }
            s.append(first ? "" : " ").append(x.getKey()).append('=').append(extension(x.getValue()));
            first = false;
        }
        return s.toString();
    }

    /** "interaction.captured" → "Interaction captured". */
    static String name(String type) {
        String words = type.replace('.', ' ').replace('_', ' ').replace('-', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static int severity(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase()) {
            case EventTypes.LOW -> 3;
            case EventTypes.MEDIUM -> 5;
            case EventTypes.HIGH -> 8;
            case EventTypes.CRITICAL -> 10;
            default -> 1;
        };
    }

    static String header(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    static String extension(String v) {
        return v.replace("\\", "\\\\").replace("=", "\\=").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
    }
}

package io.custodia.ediscovery.export;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.stereotype.Component;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relativity Short Message Format 2.0 (reference/anchors.md §B.1): one {@code .rsmf} per conversation
 * and day — an RFC 5322 message whose text body previews the exchange and whose single attachment
 * {@code rsmf.zip} holds {@code rsmf_manifest.json} and the uploaded files. The conversation is
 * {@code direct} between the custodian and the app (platform {@code chatgpt-enterprise}); prompts are
 * outgoing and responses incoming events, relative to the custodian.
 */
@Component
class RsmfFiles {

    static final String VERSION = "2.0.0";
    static final String PLATFORM = "chatgpt-enterprise";
    static final String APP_PARTICIPANT = "ChatGPT-Enterprise";

    private final JsonMapper json;
    private final Session session;

    RsmfFiles(JsonMapper json) {
        this.json = json;
        Properties p = new Properties();
        p.setProperty("mail.mime.charset", "UTF-8");
        this.session = Session.getInstance(p);
    }

    /** The package path of the slice of {@code items} (one conversation, one UTC day). */
    static String path(List<ExportItem> items) {
        ExportItem first = items.get(0);
        return "RSMF/" + PackageFiles.segment(first.custodian(), 120) + "/" + PackageFiles.segment(first.conversationId(), 80)
                + "_" + first.sentAt().atZone(ZoneOffset.UTC).toLocalDate() + ".rsmf";
    }

    /** Writes the .rsmf of one slice; problems that do not stop it go to {@code warnings}. */
    void write(List<ExportItem> items, OutputStream out, List<String> warnings) throws Exception {
        ExportItem first = items.get(0);
        String custodianId = "U-" + (first.userId() == null ? first.custodian() : first.userId());
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectNode manifest = manifest(items, custodianId, files, warnings);

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip, StandardCharsets.UTF_8)) {
            z.putNextEntry(new ZipEntry("rsmf_manifest.json"));
            z.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            z.closeEntry();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }

        Instant begin = items.get(0).sentAt();
        Instant end = items.get(items.size() - 1).sentAt();
        MimeMessage m = new MimeMessage(session);
        m.setHeader("X-RSMF-Version", VERSION);
        m.setHeader("X-RSMF-Generator", "Custodia");
        m.setHeader("X-RSMF-Application", "ChatGPT Enterprise");
        m.setHeader("X-RSMF-BeginDate", begin.toString());
        m.setHeader("X-RSMF-EndDate", end.toString());
        m.setHeader("X-RSMF-EventCount", String.valueOf(items.size()));
        m.setHeader("X-RSMF-AttachmentCount", String.valueOf(files.size()));
        m.setHeader("X-RSMF-EventCollectionID", first.conversationId());
        m.setHeader("X-RSMF-Custodian", encode(first.custodian()));
        m.setHeader("X-RSMF-Participants", encode(first.custodian() + ", ChatGPT Enterprise"));
        InternetAddress custodian = EmlMessages.address(first.custodian());
        m.setFrom(custodian);
        m.setRecipients(Message.RecipientType.TO, new InternetAddress[]{custodian, EmlMessages.address("ChatGPT Enterprise")});
        String title = first.conversationTitle() != null ? first.conversationTitle() : first.subject();
        m.setSubject((title == null ? first.conversationId() : title) + " (" + begin.atZone(ZoneOffset.UTC).toLocalDate() + ")",
                "UTF-8");
        m.setSentDate(Date.from(begin));

        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart preview = new MimeBodyPart();
        preview.setText(preview(items), "UTF-8");
        mixed.addBodyPart(preview);
        MimeBodyPart zipPart = new MimeBodyPart();
        zipPart.setDataHandler(new DataHandler(new ByteArrayDataSource(zip.toByteArray(), "application/zip")));
        zipPart.setFileName("rsmf.zip");
        zipPart.setDisposition(MimeBodyPart.ATTACHMENT);
        zipPart.setHeader("Content-Transfer-Encoding", "base64");
        mixed.addBodyPart(zipPart);
        m.setContent(mixed);
        m.saveChanges();
        m.writeTo(out);
    }

    private ObjectNode manifest(List<ExportItem> items, String custodianId, Map<String, byte[]> files, List<String> warnings) {
        ExportItem first = items.get(0);
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode participants = root.putArray("participants");
        ObjectNode user = participants.addObject().put("id", custodianId).put("display", first.custodian());
        if (first.custodian() != null && first.custodian().indexOf('@') > 0) {
            user.put("email", first.custodian());
        }
        if (first.userId() != null) {
            user.put("account_id", first.userId());
        }
        participants.addObject().put("id", APP_PARTICIPANT).put("display", "ChatGPT Enterprise");

        ObjectNode conversation = root.putArray("conversations").addObject();
        conversation.put("id", first.conversationId());
        if (first.conversationTitle() != null) {
            conversation.put("display", first.conversationTitle());
        }
        conversation.put("platform", PLATFORM);
        conversation.put("type", "direct");
        conversation.putArray("participants").add(custodianId).add(APP_PARTICIPANT);
        conversation.put("custodian", custodianId);
        custom(conversation, "Workspace", first.workspaceId(), "GPT", first.gptName() != null ? first.gptName() : first.gptId(),
                "Project", first.projectName() != null ? first.projectName() : first.projectId());

        ArrayNode events = root.putArray("events");
        for (ExportItem item : items) {
            ObjectNode e = events.addObject();
            e.put("id", item.messageId());
            e.put("type", "message");
            e.put("body", item.body() == null ? "" : item.body());
            e.put("participant", item.prompt() ? custodianId : APP_PARTICIPANT);
            e.put("conversation", item.conversationId());
            e.put("timestamp", item.sentAt().toString());
            e.put("direction", item.prompt() ? "outgoing" : "incoming");
            if (!item.attachments().isEmpty()) {
                ArrayNode atts = e.putArray("attachments");
                for (ExportItem.Attachment a : item.attachments()) {
                    String name = a.name() == null || a.name().isBlank() ? a.fileId() : a.name();
                    String id;
                    byte[] bytes;
                    if (a.nativeBytes() != null) {
                        id = PackageFiles.segment(a.fileId(), 64) + "_" + PackageFiles.segment(name, 120);
                        bytes = a.nativeBytes();
                    } else if (a.extractedText() != null) {
                        id = PackageFiles.segment(a.fileId(), 64) + "_" + PackageFiles.segment(name, 115) + ".txt";
                        bytes = a.extractedText().getBytes(StandardCharsets.UTF_8);
                        warnings.add("native of file " + a.fileId() + " (" + name + ") is not in the store; its extracted "
                                + "text is in rsmf.zip as " + id);
                    } else {
                        warnings.add("file " + a.fileId() + " (" + name + ") has neither native bytes nor extracted text ("
                                + a.extractionStatus() + ")");
                        continue;
                    }
                    files.put(id, bytes);
                    atts.addObject().put("id", id).put("display", name).put("size", bytes.length);
                }
            }
            custom(e, "ItemId", String.valueOf(item.id()), "ItemClass", item.itemClass(), "Kind", item.kind(),
                    "Model", item.model(), "ClientType", item.clientType(), "ParentMessageId", item.parentId(),
                    "BodySHA256", item.bodySha256(), "SensitivityLabel", item.sensitivityLabel());
        }
        root.put("eventcollectionid", first.conversationId());
        return root;
    }

    /** Adds {@code custom: [{name, value}]}, leaving out empty values (the schema wants non-empty strings). */
    private static void custom(ObjectNode node, String... nameValues) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null && !nameValues[i + 1].isEmpty()) {
                pairs.add(new String[]{nameValues[i], nameValues[i + 1]});
            }
        }
        if (!pairs.isEmpty()) {
            ArrayNode custom = node.putArray("custom");
            pairs.forEach(p -> custom.addObject().put("name", p[0]).put("value", p[1]));
        }
    }

    /** The human-readable body review tools index: who said what, when. */
    private static String preview(List<ExportItem> items) {
        StringBuilder sb = new StringBuilder();
        for (ExportItem i : items) {
            sb.append(i.sentAt()).append("  ").append(i.prompt() ? i.custodian() : "ChatGPT Enterprise").append(":\n")
                    .append(i.body() == null ? "" : i.body()).append("\n\n");
        }
        return sb.toString();
    }

    private static String encode(String value) throws java.io.UnsupportedEncodingException {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(value) ? value : MimeUtility.encodeText(value, "UTF-8", null);
    }
}

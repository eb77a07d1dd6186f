package io.custodia.ediscovery.export;

import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import org.springframework.stereotype.Component;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Renders a mailbox item as an RFC 5322 message with Jakarta Mail, the way Purview's PST/EML exports
 * show AI interactions: From/To between the user and the app, the conversation title as subject, the
 * prompt or response as a UTF-8 text body, uploaded files as MIME attachments (their native bytes, or
 * their extracted text when the native could not be fetched), and the item's metadata in
 * {@code X-Custodia-*} headers.
 */
@Component
class EmlMessages {

    /** The app has no mailbox: it gets an address in the reserved {@code .invalid} domain with its name. */
    static final String APP_ADDRESS = "chatgpt-enterprise@custodia.invalid";

    private final Session session;

    EmlMessages() {
        Properties p = new Properties();
        p.setProperty("mail.mime.charset", "UTF-8");
        this.session = Session.getInstance(p);
    }

    /** Writes the item; a problem that does not stop it (a missing native) is added to {@code warnings}. */
    void write(ExportItem item, OutputStream out, List<String> warnings) throws Exception {
        message(item, warnings).writeTo(out);
    }

    /** The message of an item (the EML format, and the native of an item in the DAT format). */
    MimeMessage message(ExportItem item, List<String> warnings) throws MessagingException, UnsupportedEncodingException {
        String messageId = "<" + item.messageId() + "@" + item.workspaceId() + ">";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // stable: the source's message id, not a random one
            }
        };
        m.setFrom(address(item.sender()));
        m.setRecipients(Message.RecipientType.TO, new InternetAddress[]{address(item.recipients())});
        m.setSubject(item.subject() == null ? "" : item.subject(), "UTF-8");
        m.setSentDate(Date.from(item.sentAt()));
        if (item.parentId() != null) {
            String parent = "<" + item.parentId() + "@" + item.workspaceId() + ">";
            m.setHeader("In-Reply-To", parent);
            m.setHeader("References", parent);
        }
        header(m, "X-Custodia-Item-Id", String.valueOf(item.id()));
        header(m, "X-Custodia-ItemClass", item.itemClass());
        header(m, "X-Custodia-Kind", item.kind());
        header(m, "X-Custodia-Custodian", item.custodian());
        header(m, "X-Custodia-Workspace-Id", item.workspaceId());
        header(m, "X-Custodia-Conversation-Id", item.conversationId());
        header(m, "X-Custodia-Message-Id", item.messageId());
        header(m, "X-Custodia-Client-Type", item.clientType());
        header(m, "X-Custodia-Model", item.model());
        header(m, "X-Custodia-GPT-Id", item.gptId());
        header(m, "X-Custodia-Project-Id", item.projectId());
        header(m, "X-Custodia-Sensitivity-Label", item.sensitivityLabel());
        header(m, "X-Custodia-Body-SHA256", item.bodySha256());
        String body = item.body() == null ? "" : item.body();
        if (item.attachments().isEmpty()) {
            m.setText(body, "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, "UTF-8");
            mixed.addBodyPart(text);
            for (ExportItem.Attachment a : item.attachments()) {
                MimeBodyPart part = attachment(a, warnings);
                if (part != null) {
                    mixed.addBodyPart(part);
                }
            }
            m.setContent(mixed);
        }
        m.saveChanges();
        return m;
    }

    private MimeBodyPart attachment(ExportItem.Attachment a, List<String> warnings) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        String name = a.name() == null || a.name().isBlank() ? a.fileId() : a.name();
        if (a.nativeBytes() != null) {
            String type = a.contentType() == null || a.contentType().isBlank() ? "application/octet-stream" : a.contentType();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.nativeBytes(), type)));
            part.setFileName(name);
            part.setDisposition(MimeBodyPart.ATTACHMENT);
        } else if (a.extractedText() != null) {
            warnings.add("native of file " + a.fileId() + " (" + name + ") is not in the store; its extracted "
                    + "text is attached as " + name + ".txt");
            part.setText(a.extractedText(), "UTF-8");
            part.setFileName(name + ".txt");
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            part.setHeader("X-Custodia-Native", "unavailable");
        } else {
            warnings.add("file " + a.fileId() + " (" + name + ") has neither native bytes nor extracted text ("
                    + a.extractionStatus() + "); it is listed in the headers only");
            return null;
        }
        header(part, "X-Custodia-File-Id", a.fileId());
        header(part, "X-Custodia-SHA256", a.sha256());
        header(part, "X-Custodia-Sensitivity-Label", a.sensitivityLabel());
        return part;
    }

    /** The user's address, or the app's reserved address with the app's (or the sender's) display name. */
    static InternetAddress address(String who) throws UnsupportedEncodingException {
        if (who != null && who.indexOf('@') > 0) {
            try {
                InternetAddress a = new InternetAddress(who, true);
                return a;
            } catch (jakarta.mail.internet.AddressException e) {
                // not a valid address: keep it as a display name below
            }
        }
        return new InternetAddress(APP_ADDRESS, who == null || who.isBlank() ? "ChatGPT Enterprise" : who, "UTF-8");
    }

    private static void header(jakarta.mail.Part part, String name, String value) throws MessagingException {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(value);
            part.setHeader(name, ascii ? value : MimeUtility.encodeText(value, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode header " + name, e);
        }
    }
}

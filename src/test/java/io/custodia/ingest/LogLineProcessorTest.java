package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.custodia.audit.AuditRecords;
import io.custodia.classify.CatalogLoader;
import io.custodia.classify.ContentClassifier;
import io.custodia.classify.SitEngine;
import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import tools.jackson.databind.json.JsonMapper;

/** Staged lines to items and audit records, for every shape the API is known to send. */
class LogLineProcessorTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ContentClassifier classifier = new ContentClassifier(
            new SitEngine(CatalogLoader.loadFile(Path.of("config/sit-catalog.yaml"))));
    private final LogLineProcessor processor = new LogLineProcessor(json, new MessageNormalizer(classifier),
            new AuditRecords(json));

    private static LogLine line(String text, String type) {
        LogLine l = new LogLine(text, 1);
        l.setResource(new StagedLogFileResource(1, "ws-1", type, "clf_1", -1, null));
        return l;
    }

    private static final String PROMPT = """
            {"event_id":"e1","type":"CONVERSATION_MESSAGE","timestamp":"2026-01-05T00:12:03.517000Z",
             "principal":{"id":"ws-1","type":"CHATGPT_WORKSPACE"},
             "actor":{"type":"ACCOUNT_USER","user_id":"user-A","user_email":"pat@example.test"},
             "message":{"id":"m1","created_at":"2026-01-05T00:12:03.517000Z","author":{"type":"user","client_type":"macos_app"},
                        "content":{"type":"text","value":"Summarise the notes."},
                        "files":[{"id":"file-1","name":"notes.txt","mime_type":"text/plain"}]},
             "conversation":{"id":"c1","title":"Quarterly summary","created_at":"2026-01-05T00:10:00Z","is_temporary_chat":true}}
            """.replace("\n", "");

    @Test
    void promptBecomesAnItemFromTheUserToTheApp() {
        IngestRecords r = processor.process(line(PROMPT, "CONVERSATION_MESSAGE"));
        assertThat(r.auditRecords()).isEmpty();
        MailboxItem item = r.items().get(0);
        assertThat(item.kind()).isEqualTo(ItemKind.PROMPT);
        assertThat(item.itemClass()).isEqualTo(ItemClasses.CONNECTOR);
        assertThat(item.sender()).isEqualTo("pat@example.test");
        assertThat(item.recipients()).isEqualTo("ChatGPT Enterprise");
        assertThat(item.subject()).isEqualTo("Quarterly summary");
        assertThat(item.sentAt()).isEqualTo(Instant.parse("2026-01-05T00:12:03.517Z"));
        assertThat(item.temporaryChat()).isTrue();
        // a reference as the record gave it: the writer resolves the chunk's files at once (AttachmentResolverTest)
        assertThat(item.attachments()).extracting(Attachment::fileId, Attachment::name, Attachment::contentType,
                Attachment::extractionStatus).containsExactly(tuple("file-1", "notes.txt", "text/plain", null));
        assertThat(item.bodySha256()).isEqualTo(MessageNormalizer.sha256("Summarise the notes."));
    }

    @Test
    void legacyRoleFloatSecondsAndMissingClientTypeAreUnderstood() {
        processor.process(line(PROMPT, "CONVERSATION_MESSAGE"));
        String response = """
                {"event_id":"e2","type":"CONVERSATION_MESSAGE",
                 "actor":{"type":"ACCOUNT_USER","user_id":"user-A","user_email":"pat@example.test"},
                 "message":{"id":"m2","parent_id":"m1","created_at":1767571930.25,"author":{"role":"assistant","model":"gpt-x"},
                            "content":{"type":"text","value":"Here you go."}},
                 "conversation":{"id":"c1","title":"Quarterly summary"}}""".replace("\n", "");
        IngestRecords r = processor.process(line(response, "CONVERSATION_MESSAGE"));
        MailboxItem item = r.items().get(0);
        assertThat(item.kind()).isEqualTo(ItemKind.RESPONSE);
        assertThat(item.sentAt()).isEqualTo(Instant.parse("2026-01-05T00:12:10.250Z"));
        assertThat(item.itemClass()).as("inherited from the prompt it answers").isEqualTo(ItemClasses.CONNECTOR);
        assertThat(item.sender()).isEqualTo("ChatGPT Enterprise");
        assertThat(r.auditRecords()).singleElement().satisfies(a -> {
            assertThat(a.operation()).isEqualTo("ConnectedAIAppInteraction");
            assertThat(a.recordType()).isEqualTo(328);
            assertThat(a.auditData()).contains("\"Id\":\"m1\",\"isPrompt\":true", "\"Id\":\"m2\",\"isPrompt\":false",
                    "\"CreationTime\":\"2026-01-05T00:12:10\"", "\"ModelName\":\"gpt-x\"");
        });
    }

    @Test
    void recordsRunTogetherOnOneLineAreAllKept() {
        String auth = """
                {"event_id":"a1","type":"AUTH_LOG","timestamp":"2026-01-05T00:01:00Z","actor":{"type":"ACCOUNT_USER","user_id":"user-A","user_email":"pat@example.test"},"request_metadata":{"client_ip":"203.0.113.7"},"action_data":{"action":"login_failed","role":"standard-user"}}""";
        String other = auth.replace("\"a1\"", "\"a2\"").replace("login_failed", "login_success");
        IngestRecords r = processor.process(line(auth + other, "AUTH_LOG"));
        assertThat(r.items()).isEmpty();
        assertThat(r.auditRecords()).hasSize(2);
        assertThat(r.auditRecords().get(0).operation()).isEqualTo("UserLoginFailed");
        assertThat(r.auditRecords().get(0).resultStatus()).isEqualTo("Failed");
        assertThat(r.auditRecords().get(0).clientIp()).isEqualTo("203.0.113.7");
        assertThat(r.auditRecords().get(1).operation()).isEqualTo("UserLoggedIn");
        assertThat(r.auditRecords().get(1).original()).contains("\"a2\"");
        // the same event always yields the same record id
        assertThat(processor.process(line(auth, "AUTH_LOG")).auditRecords().get(0).id()).isEqualTo(r.auditRecords().get(0).id());
    }

    @Test
    void malformedInputIsRejectedWithAReason() {
        assertThatThrownBy(() -> processor.process(line("{\"event_id\": \"x\", \"message\": {", "CONVERSATION_MESSAGE")))
                .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> processor.process(line(PROMPT.replace("\"id\":\"m1\",", ""), "CONVERSATION_MESSAGE")))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("message.id");
        assertThatThrownBy(() -> processor.process(line(PROMPT.replace("\"event_id\":\"e1\",", ""), "CONVERSATION_MESSAGE")))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("event_id");
        assertThatThrownBy(() -> processor.process(line("[1,2]", "AUTH_LOG")))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("not an object");
        assertThat(processor.process(line("   ", "AUTH_LOG"))).isNull();
        assertThat(processor.process(line(" \u3000 ", "AUTH_LOG"))).as("Unicode spaces only").isNull();
    }

    @Test
    void stagedBytesAreParsedAsUtf8AndBytesThatAreNotUtf8AreReadAsTheirDecodedText() {
        // as the staged-file reader hands lines on: their bytes, one char each
        String accented = PROMPT.replace("Summarise the notes.", "R\u00e9sum\u00e9 f\u00fcr \u65e5\u672c \ud83d\ude00");
        LogLine utf8 = LogLine.ofRawBytes(new String(accented.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), 1);
        utf8.setResource(new StagedLogFileResource(1, "ws-1", "CONVERSATION_MESSAGE", "clf_1", -1, null));
        assertThat(processor.process(utf8).items().get(0).bodySha256())
                .isEqualTo(MessageNormalizer.sha256("R\u00e9sum\u00e9 f\u00fcr \u65e5\u672c \ud83d\ude00"));
        // Latin-1 bytes where UTF-8 belongs: Jackson's byte parser refuses them, the text (U+FFFD) is used
        byte[] latin1 = PROMPT.replace("Summarise the notes.", "R\u00e9sum\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        LogLine broken = LogLine.ofRawBytes(new String(latin1, StandardCharsets.ISO_8859_1), 2);
        broken.setResource(new StagedLogFileResource(1, "ws-1", "CONVERSATION_MESSAGE", "clf_1", -1, null));
        assertThat(processor.process(broken).items().get(0).bodySha256())
                .isEqualTo(MessageNormalizer.sha256("R\ufffdsum\ufffd"));
        assertThat(broken.bytes()).as("kept as staged, for the quarantine").isEqualTo(latin1);
    }
}

package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlProvider;

import io.custodia.classify.ContentClassifier;
import io.custodia.classify.Extraction;
import io.custodia.classify.TikaTextExtractor;
import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.retention.RetentionJobContext;
import io.custodia.source.LogFileVerifier;
import io.custodia.support.Utc;
import tools.jackson.databind.json.JsonMapper;

/** A chunk's file references become attachments with one metadata query for all of them. */
class AttachmentResolverTest extends RetentionJobContext {

    private static final String WS = "ws-attachments";

    @Autowired
    TikaTextExtractor extractor;
    @Autowired
    JsonMapper json;
    @Autowired
    ContentClassifier classifier;

    private void store(String fileId, String name, byte[] body, String status, String error) {
        jdbc.update("""
                INSERT INTO file_blob (workspace_id, file_id, user_id, name, content_type, size_bytes, sha256, body,
                                       status, error, fetched_at) VALUES (?, ?, 'user-1', ?, NULL, ?, ?, ?, ?, ?, ?)""",
                WS, fileId, name, body == null ? null : body.length, body == null ? null : LogFileVerifier.sha256(body),
                body, status, error, Utc.now());
    }

    private static MailboxItem item(String messageId, Attachment... refs) {
        return new MailboxItem(WS, messageId, "user-1", "pat@example.test", "conv-1", "Files", null, false, null,
                ItemKind.PROMPT, "IPM.SkypeTeams.Message.Copilot.ChatGPT", "pat@example.test", "ChatGPT Enterprise",
                "Files", "see attached", "x", java.time.Instant.parse("2026-01-05T10:00:00Z"), null, null, null, null,
                null, null, "evt-" + messageId, List.of(refs));
    }

    /** The statement of the file metadata look-up (through a NamedParameterJdbcTemplate over the spied template). */
    private static PreparedStatementCreator metadataQuery() {
        return argThat(p -> p instanceof SqlProvider sql && sql.getSql() != null && sql.getSql().contains("size_bytes"));
    }

    @Test
    void aChunksFilesAreLookedUpInOneQueryAndResolvedWithTextLabelAndSensitiveInformation() throws Exception {
        byte[] contract = Files.readAllBytes(Path.of("samples/files/vendor-contract-draft.docx"));
        byte[] notes = "Please charge my Visa card 5308 9879 3205 1614 for the renewal.".getBytes(StandardCharsets.UTF_8);
        store("file-contract", "vendor-contract-draft.docx", contract, "FETCHED", null);
        store("file-notes", "notes.txt", notes, "FETCHED", null);
        store("file-gone", "old.pdf", null, "UNAVAILABLE", "404 from the Compliance API: the file has expired");
        JdbcTemplate counted = spy(jdbc);
        AttachmentResolver resolver = new AttachmentResolver(counted, extractor, json, classifier);

        MailboxItem plain = item("m0");
        List<MailboxItem> resolved = resolver.resolve(List.of(
                item("m1", AttachmentResolver.reference("file-contract", "vendor-contract-draft.docx", null),
                        AttachmentResolver.reference("file-notes", null, "text/plain")),
                plain,
                item("m2", AttachmentResolver.reference("file-gone", null, null),
                        AttachmentResolver.reference("file-never-collected", "x.bin", null))));

        // one metadata query for the four references of the chunk (the bodies are read once per document)
        verify(counted, times(1)).query(metadataQuery(), any(RowCallbackHandler.class));
        assertThat(resolved.get(1)).isSameAs(plain);
        MailboxItem m1 = resolved.get(0);
        assertThat(m1.attachments()).extracting(Attachment::fileId, Attachment::name, Attachment::extractionStatus,
                Attachment::sizeBytes).containsExactly(
                tuple("file-contract", "vendor-contract-draft.docx", Extraction.EXTRACTED, (long) contract.length),
                tuple("file-notes", "notes.txt", Extraction.EXTRACTED, (long) notes.length));
        assertThat(m1.attachments().get(0).sensitivityLabel()).isEqualTo("Confidential");
        assertThat(m1.attachments().get(1).extractedText()).contains("5308 9879 3205 1614");
        assertThat(m1.attachments().get(1).sensitiveInfo()).extracting(s -> s.sitId()).contains("credit-card-number");
        assertThat(m1.attachments().get(1).sha256()).isEqualTo(LogFileVerifier.sha256(notes));
        assertThat(m1.sensitivityLabel()).isEqualTo("Confidential");
        assertThat(m1.sitCount()).isPositive();
        MailboxItem m2 = resolved.get(2);
        assertThat(m2.attachments()).extracting(Attachment::fileId, Attachment::name, Attachment::extractionStatus,
                Attachment::extractionDetail).containsExactly(
                tuple("file-gone", "old.pdf", Extraction.UNAVAILABLE, "404 from the Compliance API: the file has expired"),
                tuple("file-never-collected", "x.bin", Extraction.UNAVAILABLE,
                        "the file was not collected from the Compliance API"));
        assertThat(m2.sensitivityLabel()).isNull();

        // the same document again: Tika's result is kept by hash, its bytes are not read again
        resolver.resolve(List.of(item("m3", AttachmentResolver.reference("file-contract", null, null))));
        verify(counted, times(2)).query(contains("SELECT body FROM"), any(ResultSetExtractor.class), any(Object[].class));
        verify(counted, times(2)).query(metadataQuery(), any(RowCallbackHandler.class));
    }
}

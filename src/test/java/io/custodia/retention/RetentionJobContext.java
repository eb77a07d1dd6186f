package io.custodia.retention;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.MailboxStore;
import io.custodia.support.Utc;

/**
 * The Spring context shared by the disposition-job and audit-chain tests: no collection (the tests write
 * their own items with known dates through {@link MailboxStore}), chunks of 50, deletion at the source on
 * with a recording client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.workspaces[0].id=7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70",
        "custodia.workspaces[0].api-key=sim-demo-key",
        "custodia.workspaces[0].enabled=false",
        "custodia.ingest.launch-on-startup=false",
        "custodia.retention.chunk-size=50",
        "custodia.retention.source-deletion.enabled=true"})
@ActiveProfiles("test")
@Import(RecordingSourceDeletion.class)
public abstract class RetentionJobContext {

    protected static final String WS = "ws-retention-test";
    protected static final Instant DAY0 = Instant.parse("2026-01-05T00:00:00Z");

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected MailboxStore mailboxStore;
    @Autowired
    protected TransactionTemplate tx;
    @Autowired
    protected JobRepository jobRepository;
    @Autowired
    protected RetentionJobLauncher launcher;
    @Autowired
    protected RetentionRuns runs;
    @Autowired
    protected RecordingSourceDeletion sourceDeletion;

    /** Empties the mailbox, the recoverable area and the retention state (audit records stay: append-only). */
    protected void clean() {
        for (String table : List.of("mail_item", "attachment", "conversation", "mailbox", "file_blob", "recoverable_item",
                "recoverable_attachment", "retention_policy", "retention_policy_scope", "retention_label",
                "retention_label_item", "retention_label_conversation", "retention_disposal", "retention_source_deletion",
                "legal_hold", "legal_hold_mailbox", "legal_hold_item")) {
            jdbc.update("DELETE FROM " + table);
        }
        mailboxStore.forgetMailboxes();
        sourceDeletion.calls.clear();
    }

    /**
     * Writes {@code conversations} conversations of {@code turns} prompt/response pairs for user {@code user},
     * the first conversation on {@code day} and each further one a day later; every third prompt carries a
     * file (its native bytes in file_blob). Returns the items in the order they were sent (the store gives ids in
     * a chunk by groups of rows alike, not in the chunk's order: BatchStatements.insertOrKeep).
     */
    protected List<Long> conversations(String user, int conversations, int turns, int day) {
        List<MailboxItem> items = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            String conv = "conv-" + user + "-" + c;
            Instant start = DAY0.plus(Duration.ofDays(day + c));
            for (int t = 0; t < turns; t++) {
                Instant at = start.plus(Duration.ofMinutes(2L * t));
                String prompt = conv + "-p" + t;
                List<Attachment> attachments = List.of();
                if ((c * turns + t) % 3 == 0) {
                    String fileId = "file-" + prompt;
                    files.add(fileId);
                    attachments = List.of(new Attachment(fileId, fileId + ".txt", "text/plain", 5L, sha("hello"), "hello",
                            "EXTRACTED", null, null, null));
                }
                items.add(item(user, conv, prompt, null, ItemKind.PROMPT, at, attachments));
                items.add(item(user, conv, conv + "-r" + t, prompt, ItemKind.RESPONSE, at.plusSeconds(5), List.of()));
            }
        }
        tx.executeWithoutResult(s -> mailboxStore.write(items));
        for (String file : files) {
            jdbc.update("""
                    INSERT INTO file_blob (workspace_id, file_id, user_id, name, content_type, size_bytes, sha256, body, status, fetched_at)
                    VALUES (?, ?, ?, ?, 'text/plain', 5, ?, ?, 'FETCHED', ?)""", WS, file, "user-" + user, file + ".txt", sha("hello"),
                    "hello".getBytes(StandardCharsets.UTF_8), Utc.now());
        }
        return jdbc.queryForList("SELECT i.id FROM mail_item i JOIN mailbox m ON m.id = i.mailbox_id WHERE m.email = ? ORDER BY i.sent_at, i.id",
                Long.class, email(user));
    }

    protected static String email(String user) {
        return user + "@retention.example";
    }

    private static MailboxItem item(String user, String conv, String id, String parent, ItemKind kind, Instant at,
                                    List<Attachment> attachments) {
        String body = kind + " " + id;
        boolean prompt = kind == ItemKind.PROMPT;
        return new MailboxItem(WS, id, "user-" + user, email(user), conv, "Conversation " + conv, DAY0, false, parent, kind,
                ItemClasses.BROWSER, prompt ? email(user) : ItemClasses.APP_NAME, prompt ? ItemClasses.APP_NAME : email(user),
                "Conversation " + conv, body, sha(body), at, "desktop_web", "gpt-5", null, null, null, null, "event-" + id,
                attachments);
    }

    protected static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected long mailboxId(String user) {
        return jdbc.queryForObject("SELECT id FROM mailbox WHERE email = ?", Long.class, email(user));
    }

    protected long hold(String name, String scope) {
        jdbc.update("INSERT INTO legal_hold (case_id, name, scope, created_by, created_at) VALUES (1, ?, ?, 'test', UTC_TIMESTAMP(6))",
                name, scope);
        return jdbc.queryForObject("SELECT MAX(id) FROM legal_hold", Long.class);
    }

    protected void holdMailbox(long hold, long mailboxId) {
        jdbc.update("INSERT INTO legal_hold_mailbox (hold_id, mailbox_id) VALUES (?, ?)", hold, mailboxId);
    }

    protected void holdItems(long hold, List<Long> items) {
        for (Long id : items) {
            jdbc.update("INSERT INTO legal_hold_item (hold_id, item_id) VALUES (?, ?)", hold, id);
        }
    }

    protected JobExecution waitFor(long executionId) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !jobRepository.getJobExecution(executionId).isRunning());
        return jobRepository.getJobExecution(executionId);
    }

    protected Map<String, Object> report(long executionId) {
        return runs.report(executionId);
    }

    protected long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}

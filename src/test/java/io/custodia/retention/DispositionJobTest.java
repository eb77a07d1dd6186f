package io.custodia.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import io.custodia.support.Utc;

/**
 * The disposition job with holds (on items and on a mailbox), labels (on a conversation and on items),
 * a failure injected in the database in the middle of each step, and a restart: every due item is
 * disposed of exactly once (ledger, audit record, outbox event), none is skipped, held and labelled items
 * stay, and the run report adds up across the failed and the restarted execution.
 */
class DispositionJobTest extends RetentionJobContext {

    static final Instant YEAR_AHEAD = Instant.parse("2027-01-05T00:00:00Z");

    @Autowired
    RetentionPolicies policies;
    @Autowired
    RetentionLabels labels;

    @BeforeEach
    void setUp() {
        clean();
    }

    @Test
    void evaluationFailsMidRunAndTheRestartMovesEveryDueItemOnce() {
        List<Long> u1 = conversations("u1", 5, 3, 0);
        List<Long> u2 = conversations("u2", 5, 3, 0);
        List<Long> u3 = conversations("u3", 5, 3, 0);
        List<Long> u4 = conversations("u4", 5, 3, 0);
        List<Long> u5 = conversations("u5", 10, 3, 0);
        assertThat(count("SELECT COUNT(*) FROM mail_item")).isEqualTo(180);
        policies.create(new RetentionPolicies.PolicyRequest("Delete after 30 days", new RetentionPolicies.Scope(true, null, null),
                "delete", 30, "created", false), "admin");
        long keep = labels.create(new RetentionLabels.LabelRequest("Keep 10 years", "retain", 3650, null, null), "admin");
        labels.apply(keep, new RetentionLabels.Targets(null, List.of("conv-u1-0")), "admin");
        labels.apply(keep, new RetentionLabels.Targets(u2.subList(0, 3), null), "admin");
        long itemHold = hold("query hold", "query");
        holdItems(itemHold, u3.subList(10, 15));
        long custodianHold = hold("custodian hold", "custodian");
        holdMailbox(custodianHold, mailboxId("u4"));

        // the database refuses to let the first item of the third chunk leave the mailbox
        long victim = java.util.Collections.min(u5); // chunks go by id; a user's items have ids of their own range
        jdbc.execute("CREATE TRIGGER fail_evaluate BEFORE DELETE ON mail_item FOR EACH ROW "
                + "IF OLD.id = " + victim + " THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        long first;
        JobExecution failed;
        try {
            first = launcher.start(YEAR_AHEAD, false, "admin");
            failed = waitFor(first);
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS fail_evaluate");
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        // two chunks committed: u1 (24 due, 6 labelled by conversation), u2 (27 due, 3 labelled), u3 (25 due, 5 held)
        // and the first 10 of u4 (held)
        assertThat(count("SELECT COUNT(*) FROM recoverable_item")).isEqualTo(76);
        assertThat(count("SELECT COUNT(*) FROM mail_item")).isEqualTo(104);
        assertThat(report(first)).containsEntry("status", "FAILED").containsEntry("evaluated", 100L)
                .containsEntry("recoverable", 76L).containsEntry("retained", 9L).containsEntry("held", 15L);

        long restarted = launcher.restart(first, "operator");
        assertThat(waitFor(restarted).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        // every due item moved, once; the labelled and held ones stayed
        assertThat(count("SELECT COUNT(*) FROM recoverable_item")).isEqualTo(136);
        assertThat(count("SELECT COUNT(*) FROM mail_item")).isEqualTo(44);
        assertThat(jdbc.queryForList("SELECT id FROM mail_item", Long.class)).containsExactlyInAnyOrderElementsOf(
                concat(u1.subList(0, 6), u2.subList(0, 3), u3.subList(10, 15), u4));
        assertThat(count("SELECT COUNT(*) FROM retention_disposal WHERE stage = 'RECOVERABLE'")).isEqualTo(136);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'ItemMovedToRecoverable'")).isEqualTo(136);
        assertThat(count("SELECT COUNT(DISTINCT object_id) FROM audit_record WHERE operation = 'ItemMovedToRecoverable'"))
                .isEqualTo(136);
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'item.disposed'")).isEqualTo(136);
        // each event points at the audit record written with it, in the feeds' payload conventions
        assertThat(count("""
                SELECT COUNT(*) FROM outbox_event e JOIN audit_record a ON a.id = JSON_VALUE(e.payload, '$.auditRecordId')
                WHERE e.event_type = 'item.disposed' AND e.severity = 'low' AND JSON_VALUE(e.payload, '$.action') = 'delete'
                  AND JSON_VALUE(e.payload, '$.object.id') = a.object_id AND JSON_VALUE(e.payload, '$.item.stage') = 'recoverable'
                """)).isEqualTo(136);
        // attachments went with their items; the natives stay until the purge
        assertThat(count("SELECT COUNT(*) FROM recoverable_attachment")).isEqualTo(
                count("SELECT COUNT(*) FROM recoverable_item WHERE has_attachments"));
        assertThat(count("SELECT COUNT(*) FROM attachment a LEFT JOIN mail_item i ON i.id = a.item_id WHERE i.id IS NULL")).isZero();
        assertThat(count("SELECT COUNT(*) FROM file_blob")).isEqualTo(30);
        // the report of the run covers both executions, whichever id is asked
        Map<String, Object> report = report(restarted);
        assertThat(report).containsEntry("status", "COMPLETED").containsEntry("evaluated", 180L)
                .containsEntry("recoverable", 136L).containsEntry("retained", 9L).containsEntry("held", 35L)
                .containsEntry("purged", 0L);
        assertThat(report(first)).containsEntry("evaluated", 180L).containsEntry("recoverable", 136L);
        assertThat((List<?>) report.get("executions")).hasSize(2);
    }

    @Test
    void purgeRespectsNewHoldsAndRulesSurvivesAFailureAndDeletesAtTheSourceOnce() {
        List<Long> u1 = conversations("u1", 5, 3, 0);
        List<Long> u2 = conversations("u2", 5, 3, 0);
        List<Long> u3 = conversations("u3", 5, 3, 0);
        policies.create(new RetentionPolicies.PolicyRequest("Delete after 30 days", new RetentionPolicies.Scope(true, null, null),
                "delete", 30, "created", true), "admin");
        long moved = launcher.start(YEAR_AHEAD, false, "admin");
        assertThat(waitFor(moved).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(report(moved)).containsEntry("recoverable", 90L).containsEntry("purged", 0L);
        assertThat(count("SELECT COUNT(*) FROM mail_item")).isZero();
        assertThat(count("SELECT COUNT(*) FROM retention_disposal WHERE purge_after = ?", Utc.toDb(YEAR_AHEAD.plus(Duration.ofDays(1)))))
                .isEqualTo(90);

        // during the grace period: a hold on u2's mailbox, a label on u3's last item, and a new message in
        // u1's first conversation that reuses the file of its first prompt
        holdMailbox(hold("late hold", "custodian"), mailboxId("u2"));
        long keep = labels.create(new RetentionLabels.LabelRequest("Keep", "retain", 3650, null, null), "admin");
        long labelled = u3.get(u3.size() - 1);
        labels.apply(keep, new RetentionLabels.Targets(List.of(labelled), null), "admin");
        long fresh = lateMessage();

        Instant pastGrace = YEAR_AHEAD.plus(Duration.ofDays(2));
        long dry = launcher.start(pastGrace, true, "admin");
        assertThat(waitFor(dry).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(report(dry)).containsEntry("dryRun", true).containsEntry("purged", 59L).containsEntry("held", 30L)
                .containsEntry("restored", 1L).containsEntry("evaluated", 1L);
        assertThat(count("SELECT COUNT(*) FROM recoverable_item")).isEqualTo(90);

        // the database refuses to delete the first of u3's items, in the second chunk of the purge
        long victim = java.util.Collections.min(u3);
        jdbc.execute("CREATE TRIGGER fail_purge BEFORE DELETE ON recoverable_item FOR EACH ROW "
                + "IF OLD.id = " + victim + " THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        long first;
        try {
            first = launcher.start(pastGrace, false, "admin");
            assertThat(waitFor(first).getStatus()).isEqualTo(BatchStatus.FAILED);
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS fail_purge");
        }
        assertThat(count("SELECT COUNT(*) FROM retention_disposal WHERE stage = 'PURGED'")).isEqualTo(30);
        assertThat(sourceDeletion.calls).isEmpty();

        long restarted = launcher.restart(first, "operator");
        assertThat(waitFor(restarted).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(report(restarted)).containsEntry("purged", 59L).containsEntry("held", 30L).containsEntry("restored", 1L)
                .containsEntry("sourceDeleted", 8L).containsEntry("sourceDeleteFailed", 0L);
        // held items stay recoverable, the labelled one is back in the mailbox, the rest is gone
        assertThat(jdbc.queryForList("SELECT id FROM recoverable_item", Long.class)).containsExactlyInAnyOrderElementsOf(u2);
        assertThat(jdbc.queryForList("SELECT id FROM mail_item", Long.class)).containsExactlyInAnyOrder(labelled, fresh);
        assertThat(count("SELECT COUNT(*) FROM retention_disposal WHERE stage = 'PURGED'")).isEqualTo(59);
        assertThat(count("SELECT COUNT(*) FROM retention_disposal WHERE stage = 'RESTORED'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'ItemPurged'")).isEqualTo(59);
        assertThat(count("SELECT COUNT(DISTINCT object_id) FROM audit_record WHERE operation = 'ItemPurged'")).isEqualTo(59);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'ItemRestored'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'item.disposed' AND payload LIKE '%\"stage\":\"purged\"%'"))
                .isEqualTo(59);
        // conversations with no item left are gone; u1's first (a live message) and u3's last (restored) remain
        assertThat(jdbc.queryForList("SELECT conversation_id FROM conversation ORDER BY conversation_id", String.class))
                .containsExactly("conv-u1-0", "conv-u2-0", "conv-u2-1", "conv-u2-2", "conv-u2-3", "conv-u2-4", "conv-u3-4");
        // natives: kept for the held items and for the file the new message reuses, purged otherwise
        assertThat(jdbc.queryForList("SELECT file_id FROM file_blob WHERE file_id LIKE 'file-conv-u1%' OR file_id LIKE 'file-conv-u3%'",
                String.class)).containsExactly("file-conv-u1-0-p0");
        assertThat(count("SELECT COUNT(*) FROM file_blob WHERE file_id LIKE 'file-conv-u2%'")).isEqualTo(5);
        // deletion at the source: once per emptied conversation, after the purge committed, audited
        assertThat(sourceDeletion.calls).containsExactlyInAnyOrder(
                WS + "/conv-u1-1", WS + "/conv-u1-2", WS + "/conv-u1-3", WS + "/conv-u1-4",
                WS + "/conv-u3-0", WS + "/conv-u3-1", WS + "/conv-u3-2", WS + "/conv-u3-3");
        assertThat(count("SELECT COUNT(*) FROM retention_source_deletion WHERE status = 'DELETED'")).isEqualTo(8);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'SourceConversationDeleted' AND result_status = 'Succeeded'"))
                .isEqualTo(8);

        // once the hold is released, clean-up resumes
        jdbc.update("UPDATE legal_hold SET released_at = UTC_TIMESTAMP(6) WHERE name = 'late hold'");
        long released = launcher.start(pastGrace.plus(Duration.ofDays(1)), false, "admin");
        assertThat(waitFor(released).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(report(released)).containsEntry("purged", 30L).containsEntry("held", 0L).containsEntry("sourceDeleted", 5L);
        assertThat(count("SELECT COUNT(*) FROM recoverable_item")).isZero();
        assertThat(sourceDeletion.calls).hasSize(13).doesNotHaveDuplicates();
    }

    /** A message arriving later in u1's first conversation, with the file of that conversation's first prompt. */
    private long lastMessageId() {
        return jdbc.queryForObject("SELECT MAX(id) FROM mail_item", Long.class);
    }

    private long lateMessage() {
        var item = new io.custodia.mailbox.MailboxItem(WS, "conv-u1-0-late", "user-u1", email("u1"), "conv-u1-0", "Conversation conv-u1-0",
                DAY0, false, null, io.custodia.mailbox.ItemKind.PROMPT, io.custodia.mailbox.ItemClasses.BROWSER, email("u1"),
                io.custodia.mailbox.ItemClasses.APP_NAME, "Conversation conv-u1-0", "late", sha("late"),
                Instant.parse("2027-01-01T00:00:00Z"), "desktop_web", null, null, null, null, null, "event-late",
                List.of(new io.custodia.mailbox.Attachment("file-conv-u1-0-p0", "again.txt", "text/plain", 5L, sha("hello"),
                        "hello", "EXTRACTED", null, null, null)));
        tx.executeWithoutResult(s -> mailboxStore.write(List.of(item)));
        return lastMessageId();
    }

    @SafeVarargs
    private static List<Long> concat(List<Long>... lists) {
        return java.util.stream.Stream.of(lists).flatMap(List::stream).toList();
    }
}

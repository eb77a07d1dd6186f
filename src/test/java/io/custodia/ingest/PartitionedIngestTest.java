package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.MailboxStore;
import io.custodia.mailbox.SensitiveInfo;
import io.custodia.support.SimulatorFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest job partitioned by custodian (two partitions): every staged line is read by exactly the
 * partition its user hashes to, a failure in one partition fails the run, and the restart re-runs only
 * what was not committed — the store then holds each message of the staged files exactly once, with one
 * interaction record and one {@code interaction.captured} event per response.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.ingest.chunk-size=40",
        "custodia.ingest.partitions=2"})
@ActiveProfiles({"test", "staged"}) // the test workspace is not collected: files are staged here
class PartitionedIngestTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    Job ingestJob;
    @Autowired
    JsonMapper json;
    @Autowired
    MailboxStore mailboxStore;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void eachLineIsIngestedOnceByItsCustodiansPartitionAcrossAFailureAndARestart() throws Exception {
        List<SimulatorFiles.File> files = new SimulatorFiles(port, IngestJobTest.WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 30);
        Set<String> messages = new HashSet<>();
        Set<String> responses = new HashSet<>();
        int[] linesPerPartition = new int[2];
        Set<String> usersOf0 = new HashSet<>();
        Set<String> usersOf1 = new HashSet<>();
        List<String> ofPartition1 = new java.util.ArrayList<>();
        int lines = 0;
        for (SimulatorFiles.File f : files) {
            for (String line : new String(f.body(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode event = json.readTree(line);
                String id = event.path("message").path("id").asString();
                messages.add(id);
                if ("assistant".equals(event.path("message").path("author").path("type").asString())) {
                    responses.add(id);
                }
                int p = PartitionedLineReader.partitionOf(json, line, 2);
                linesPerPartition[p]++;
                (p == 0 ? usersOf0 : usersOf1).add(event.path("actor").path("user_id").asString());
                if (p == 1) {
                    ofPartition1.add(id);
                }
                lines++;
            }
        }
        String victim = ofPartition1.get(ofPartition1.size() / 2);
        // the custodians are split between the partitions, none is in both
        assertThat(linesPerPartition[0]).isPositive();
        assertThat(linesPerPartition[1]).isPositive();
        assertThat(usersOf0).doesNotContainAnyElementsOf(usersOf1);

        long fromId = SimulatorFiles.stage(jdbc, IngestJobTest.WS, files);
        long toId = fromId + files.size();

        // partition 1 fails on one message mid-way; partition 0 runs to its end
        jdbc.execute("CREATE TRIGGER fail_partition BEFORE INSERT ON mail_item FOR EACH ROW "
                + "IF NEW.message_id = '" + victim + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        JobExecution failed = waitFor(jobOperator.start(ingestJob, new JobParametersBuilder().addLong("fromId", fromId)
                .addLong("toId", toId).addString("run", UUID.randomUUID().toString()).toJobParameters()));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(step(failed, "ingest-events:p0").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(failed, "ingest-events:p1").getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(step(failed, "ingest-events:p0").getReadCount()).isEqualTo(linesPerPartition[0]);
        long writtenBeforeRestart = step(failed, "ingest-events:p1").getWriteCount();
        assertThat(items()).isEqualTo(linesPerPartition[0] + writtenBeforeRestart).isLessThan(lines);

        jdbc.execute("DROP TRIGGER fail_partition");
        JobExecution restarted = waitFor(jobOperator.restart(failed));
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // only the failed partition ran again, from its last committed chunk
        assertThat(restarted.getStepExecutions().stream().map(StepExecution::getStepName))
                .contains("ingest-events", "ingest-events:p1").doesNotContain("ingest-events:p0");
        assertThat(step(restarted, "ingest-events:p1").getWriteCount()).isEqualTo(linesPerPartition[1] - writtenBeforeRestart);

        // exactly the staged messages, once each, with their audit records and outbox events
        assertThat(items()).isEqualTo(messages.size());
        assertThat(new HashSet<>(jdbc.queryForList("SELECT message_id FROM mail_item WHERE workspace_id = ?", String.class, IngestJobTest.WS))).isEqualTo(messages);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ConnectedAIAppInteraction'", Long.class))
                .isEqualTo(responses.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'interaction.captured'", Long.class))
                .isEqualTo(responses.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status = 'INGESTED' AND id > ? AND id <= ?",
                Long.class, fromId, toId)).isEqualTo(files.size());
        assertThat(count("quarantine")).isZero();
    }

    private JobExecution waitFor(JobExecution started) {
        long id = started.getId();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !jobRepository.getJobExecution(id).isRunning());
        return jobRepository.getJobExecution(id);
    }

    private static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /**
     * Two partitions' chunks: the first has inserted its items (lower FULLTEXT document ids) and has not
     * committed when the second writes. If the second could commit first, InnoDB's phrase search would lose
     * the first chunk's items for good (MariaDB 10.11 and 11.4); the second must wait for the first commit.
     */
    @Test
    void concurrentChunksCommitInFulltextOrderSoPhraseSearchFindsEveryItem() throws Exception {
        String tag = "tag" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        CountDownLatch firstInserted = new CountDownLatch(1);
        CountDownLatch secondCommitted = new CountDownLatch(1);
        AtomicBoolean secondCommittedFirst = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> tx.executeWithoutResult(s -> {
                mailboxStore.write(chunk(tag, "a"));
                firstInserted.countDown();
                try {
                    secondCommittedFirst.set(secondCommitted.await(3, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(firstInserted.await(60, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> {
                tx.executeWithoutResult(s -> mailboxStore.write(chunk(tag, "b")));
                secondCommitted.countDown();
            });
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(secondCommittedFirst).as("the second chunk committed before the first").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE body LIKE ?", Long.class,
                "%rollout in Denver, " + tag + "%")).isEqualTo(80);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE MATCH(subject, body) AGAINST(? IN BOOLEAN MODE)",
                Long.class, "+\"rollout in Denver\" +" + tag)).as("phrase search").isEqualTo(80);
    }

    /**
     * Two ingest runs over the same messages (a file and its re-delivered duplicate, or two nodes): the later
     * transaction took its REPEATABLE READ snapshot before the earlier one committed them, so its upserts meet
     * rows its consistent reads cannot see. It must still find their ids — their mailboxes for the
     * conversations and items, the items for their attachments and sensitive information — instead of writing
     * NULL ids ("Column 'mailbox_id' / 'item_id' cannot be null": a failed, retried, then failed chunk).
     */
    @Test
    void aChunkFindsTheIdsOfRowsCommittedAfterItsSnapshotBegan() throws Exception {
        String tag = "snap" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<MailboxItem> items = chunk(tag, "s").stream().map(i -> i.withAttachments(List.of(new Attachment(
                "file-" + i.messageId(), "plan.txt", "text/plain", 12L, "1".repeat(64), "Denver plan", "EXTRACTED",
                null, null, null, List.of(new SensitiveInfo("credit-card-number", 1, 85)))), null)).toList();
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            tx.executeWithoutResult(s -> {
                // the first consistent read fixes this transaction's snapshot
                jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = 'ws-fulltext-order'", Long.class);
                try {
                    other.submit(() -> tx.executeWithoutResult(t -> mailboxStore.write(items))).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                mailboxStore.forgetMailboxes(); // as on another node: the other run's mailbox ids are not cached
                mailboxStore.write(items);
            });
        } finally {
            other.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE message_id LIKE ?", Long.class,
                "msg-" + tag + "%")).isEqualTo(40);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM attachment a JOIN mail_item i ON i.id = a.item_id
                WHERE a.message_id LIKE ? AND i.message_id = a.message_id""", Long.class, "msg-" + tag + "%")).isEqualTo(40);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM item_sit_match m JOIN mail_item i ON i.id = m.item_id
                WHERE m.message_id LIKE ? AND i.message_id = m.message_id""", Long.class, "msg-" + tag + "%")).isEqualTo(40);
    }

    /** Items of the test workspace (the FULLTEXT test writes to a workspace of its own). */
    private long items() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", Long.class, IngestJobTest.WS);
    }

    private static List<MailboxItem> chunk(String tag, String side) {
        List<MailboxItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String user = "user-" + tag + "-" + side + (i % 4);
            String conversation = "conv-" + tag + "-" + side + (i % 8);
            String body = "Status of the rollout in Denver, " + tag + ", step " + i;
            items.add(new MailboxItem("ws-fulltext-order", "msg-" + tag + "-" + side + i, user, user + "@example.com",
                    conversation, "Rollout", java.time.Instant.parse("2026-01-05T00:00:00Z"), false, null, ItemKind.PROMPT,
                    ItemClasses.BROWSER, user + "@example.com", ItemClasses.APP_NAME, "Rollout", body,
                    "0".repeat(64), java.time.Instant.parse("2026-01-05T00:00:00Z").plusSeconds(i), "desktop_web", null,
                    null, null, null, null, "event-" + tag + side + i, List.of()));
        }
        return items;
    }
}

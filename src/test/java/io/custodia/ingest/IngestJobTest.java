package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.support.SimulatorFiles;
import io.custodia.support.Utc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest job on its own: read/write/skip counts, quarantine of a malformed line, records run
 * together on one line, a failure injected in the database mid-job, restart from the last committed
 * chunk, and idempotence of a second run over the same files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.ingest.chunk-size=50",
        // the counts below are those of one sequence of chunks; PartitionedIngestTest covers partitions
        "custodia.ingest.partitions=1"})
@ActiveProfiles({"test", "staged"}) // the test workspace is not collected: files are staged here
class IngestJobTest {

    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

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
    QuarantineSkipListener quarantineListener;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void countsSkipsRestartAfterMidJobFailureAndIdempotence() throws Exception {
        List<SimulatorFiles.File> files = new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 42);
        assertThat(files).hasSize(42);
        // two records of files that are not staged, run together on one line (seen in the wild),
        // and a line that is not JSON at all
        String lineA = firstLine(files.get(40).body());
        String lineB = firstLine(files.get(41).body());
        List<SimulatorFiles.File> staged = new ArrayList<>(files.subList(0, 40));
        SimulatorFiles.File last = staged.get(39);
        byte[] extra = (lineA + lineB + "\n{\"event_id\": \"x\", \"type\": \"CONVERSATION_MESSAGE\", \"message\": {\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tampered = new byte[last.body().length + extra.length];
        System.arraycopy(last.body(), 0, tampered, 0, last.body().length);
        System.arraycopy(extra, 0, tampered, last.body().length, extra.length);
        staged.set(39, new SimulatorFiles.File(last.id(), last.endTime(), tampered));

        long fromId = stage(staged);
        long toId = fromId + staged.size();
        int lines = 0;
        for (SimulatorFiles.File f : staged) {
            lines += new String(f.body(), StandardCharsets.UTF_8).split("\n").length;
        }
        int expectedItems = lines - 1 + 1; // the malformed line is skipped, the double line holds two items

        // a failure in the third chunk: the database refuses one message of it
        String victim = messageIdOfLine(staged, 120);
        jdbc.execute("CREATE TRIGGER fail_mid_job BEFORE INSERT ON mail_item FOR EACH ROW "
                + "IF NEW.message_id = '" + victim + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        JobParameters params = new JobParametersBuilder().addLong("fromId", fromId).addLong("toId", toId)
                .addString("run", UUID.randomUUID().toString()).toJobParameters();
        JobExecution failed = waitFor(jobOperator.start(ingestJob, params));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        StepExecution firstStep = step(failed, "ingest-events");
        assertThat(firstStep.getCommitCount()).isEqualTo(2);
        assertThat(firstStep.getWriteCount()).isEqualTo(100);
        assertThat(count("mail_item")).isEqualTo(100);
        assertThat(count("quarantine")).isZero();

        // the database is repaired; the restart resumes after the last committed chunk
        jdbc.execute("DROP TRIGGER fail_mid_job");
        JobExecution restarted = waitFor(jobOperator.restart(failed));
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution secondStep = step(restarted, "ingest-events");
        assertThat(secondStep.getReadCount()).isEqualTo(lines - 100);
        assertThat(secondStep.getProcessSkipCount()).isEqualTo(1);
        assertThat(secondStep.getWriteCount()).isEqualTo(lines - 100 - 1);
        assertThat(count("mail_item")).isEqualTo(expectedItems);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status = 'INGESTED'", Long.class))
                .isEqualTo(staged.size());
        // the malformed line is in the quarantine with its reason and raw bytes
        assertThat(count("quarantine")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reason FROM quarantine", String.class)).startsWith("not valid JSON");
        assertThat(jdbc.queryForObject("SELECT reference FROM quarantine", String.class))
                .isEqualTo(WS + "/" + last.id() + "#" + new String(tampered, StandardCharsets.UTF_8).split("\n").length);
        assertThat(new String(jdbc.queryForObject("SELECT raw FROM quarantine", byte[].class), StandardCharsets.UTF_8))
                .startsWith("{\"event_id\": \"x\"");

        // a second run over the same files writes the same rows again: nothing changes
        long items = count("mail_item");
        long audit = count("audit_record");
        long attachments = count("attachment");
        long events = count("outbox_event");
        JobExecution again = waitFor(jobOperator.start(ingestJob, new JobParametersBuilder().addLong("fromId", fromId)
                .addLong("toId", toId).addString("run", UUID.randomUUID().toString()).toJobParameters()));
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(again, "ingest-events").getWriteCount()).isEqualTo(lines - 1);
        assertThat(count("mail_item")).isEqualTo(items);
        assertThat(count("audit_record")).isEqualTo(audit);
        assertThat(count("attachment")).isEqualTo(attachments);
        assertThat(count("outbox_event")).isEqualTo(events).isPositive();
        assertThat(count("quarantine")).isEqualTo(1);
    }

    private long stage(List<SimulatorFiles.File> files) {
        return SimulatorFiles.stage(jdbc, WS, files);
    }

    private String messageIdOfLine(List<SimulatorFiles.File> files, int lineNumber) {
        int n = 0;
        for (SimulatorFiles.File f : files) {
            for (String line : new String(f.body(), StandardCharsets.UTF_8).split("\n")) {
                if (++n == lineNumber) {
                    return json.readTree(line).path("message").path("id").asString();
                }
            }
        }
        throw new IllegalArgumentException("fewer than " + lineNumber + " lines");
    }

    @Test
    void aSkippedLineStaysQuarantinedWhenItsChunkRollsBack() {
        LogLine torn = new LogLine("{\"type\":\"CONVERSATION_MESSAGE\",\"actor\":{\"user_id\":\"u-1\"", 7);
        torn.setResource(new StagedLogFileResource(-1, WS, "CONVERSATION_MESSAGE", "clf_rollback-" + UUID.randomUUID(), -1, jdbc));
        String reference = torn.reference();
        new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(chunk -> {
            quarantineListener.onSkipInProcess(torn, new MalformedRecordException("not valid JSON: torn"));
            jdbc.update("INSERT INTO quarantine (workspace_id, source, reference, reason, created_at) VALUES (?, 'test', ?, 'x', ?)",
                    WS, "rolled-back-" + reference, Utc.now());
            chunk.setRollbackOnly(); // the chunk's write fails after the skip
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE source = 'test' AND reference = ?", Long.class,
                "rolled-back-" + reference)).as("the chunk's own writes are gone").isZero();
        assertThat(jdbc.queryForObject("SELECT reason FROM quarantine WHERE source = 'ingest' AND reference = ?", String.class,
                reference)).isEqualTo("not valid JSON: torn");
        // skipped again (a restart): still one entry
        quarantineListener.onSkipInProcess(torn, new MalformedRecordException("not valid JSON: torn"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE source = 'ingest' AND reference = ?", Long.class,
                reference)).isEqualTo(1);
        jdbc.update("DELETE FROM quarantine WHERE reference = ?", reference); // the other test counts the quarantine
    }

    private static String firstLine(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).split("\n")[0];
    }

    private JobExecution waitFor(JobExecution started) {
        return waitFor(started.getId());
    }

    private JobExecution waitFor(long executionId) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !jobRepository.getJobExecution(executionId).isRunning());
        return jobRepository.getJobExecution(executionId);
    }

    private static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}

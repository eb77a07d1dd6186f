package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.support.SimulatorFiles;
import tools.jackson.databind.json.JsonMapper;
import io.custodia.support.Utc;

/**
 * Staged log files give up their raw JSONL once they have been ingested for {@code custodia.staging.keep-ingested}:
 * only ingested files, only those old enough; the rows stay (collection still recognises the files by id), and
 * an ingest run over a range that holds released files ingests the others and reads nothing of them, also when
 * it is restarted after a release.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.staging.keep-ingested=P1D",
        "custodia.staging.release-batch-size=1", // several statements per pass
        "custodia.ingest.partitions=1",
        "custodia.ingest.chunk-size=2"}) // restart positions inside a file
@ActiveProfiles({"test", "staged"}) // the test workspace is not collected: files are staged here
class StagedFileReleaseTest {

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
    StagedFileRelease release;
    @Autowired
    StagingStore staging;
    @Autowired
    CamelContext camel;
    @Autowired
    JsonMapper json;

    @Test
    void ingestedFilesGiveUpTheirBodiesAfterTheKeepPeriodAndRunsOverThemSkipThem() throws Exception {
        List<SimulatorFiles.File> files = new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 6);
        long itemsBefore = count("mail_item"); // the other test's items, if it ran first
        long from = stage(files.subList(0, 4));
        assertThat(ingest(from, from + 4).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long itemsOfFour = count("mail_item");
        assertThat(itemsOfFour - itemsBefore).isEqualTo(lines(files.subList(0, 4)));

        // two of the four were ingested two days ago; one day is kept
        jdbc.update("UPDATE staged_log_file SET ingested_at = ? WHERE id IN (?, ?)",
                Utc.toDb(Instant.now().minus(Duration.ofDays(2))), from + 1, from + 2);
        assertThat(release.release()).isEqualTo(2);
        assertThat(status(from + 1)).isEqualTo("RELEASED");
        assertThat(status(from + 2)).isEqualTo("RELEASED");
        assertThat(status(from + 3)).isEqualTo("INGESTED");
        assertThat(jdbc.queryForObject("SELECT LENGTH(body) FROM staged_log_file WHERE id = ?", Long.class, from + 1)).isZero();
        assertThat(jdbc.queryForObject("SELECT released_at IS NOT NULL FROM staged_log_file WHERE id = ?", Boolean.class, from + 1)).isTrue();
        assertThat(jdbc.queryForObject("SELECT LENGTH(body) FROM staged_log_file WHERE id = ?", Long.class, from + 3)).isPositive();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM audit_record WHERE operation = 'StagedFilesReleased'
                  AND JSON_VALUE(audit_data, '$.ActionDetails.files') = '2'""", Long.class)).as("the pass is audited").isEqualTo(1);
        assertThat(release.release()).as("a second pass finds nothing more").isZero();
        assertThat(count("mail_item")).as("releasing touches no item").isEqualTo(itemsOfFour);

        // collection still knows a released file: it is not fetched again
        Exchange listed = new DefaultExchange(camel);
        listed.getIn().setHeader(ComplianceApi.WORKSPACE, WS);
        listed.getIn().setBody(files.subList(0, 5).stream().map(f -> new LogFileRef(f.id(), "CONVERSATION_MESSAGE",
                Instant.parse(f.endTime()), f.id() + ".jsonl", f.body().length, "0".repeat(64))).toList());
        assertThat(staging.notYetLanded(listed)).extracting(LogFileRef::id).containsExactly(files.get(4).id());

        // a run over the whole range (two released, two ingested, two new) ingests the others, nothing of the released
        stage(files.subList(4, 6));
        JobExecution again = ingest(from, from + 6);
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long readLines = again.getStepExecutions().stream().filter(s -> s.getStepName().equals("ingest-events"))
                .findFirst().orElseThrow().getReadCount();
        assertThat(readLines).isEqualTo(lines(files.subList(2, 6)));
        assertThat(count("mail_item") - itemsBefore).isEqualTo(lines(files));
        assertThat(count("quarantine")).isZero();
        assertThat(status(from + 1)).as("a released file stays released").isEqualTo("RELEASED");

        // files not ingested yet are never released, however old
        long ready = stage(List.of(new SimulatorFiles.File("file-never-ingested-" + UUID.randomUUID(),
                "2026-01-05T00:00:00Z", "{}\n".getBytes(StandardCharsets.UTF_8))));
        long ingestedFiles = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status = 'INGESTED'", Long.class);
        assertThat(ingestedFiles).isGreaterThanOrEqualTo(4);
        assertThat(release.releaseIngestedBefore(Instant.now().plus(Duration.ofHours(1)))).isEqualTo(ingestedFiles);
        assertThat(status(ready + 1)).isEqualTo("READY");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM staged_log_file WHERE id > ? AND id <= ? AND status = 'RELEASED' AND LENGTH(body) = 0""",
                Long.class, from, from + 6)).isEqualTo(6);
    }

    /**
     * A run fails in a file after one that was ingested before; that one is released before the restart. The
     * restart's position is an index into the run's files: the released file must still count, or the restart
     * would resume past the failed file's remaining lines.
     */
    @Test
    void aReleaseBetweenAFailureAndItsRestartLosesNoLine() throws Exception {
        List<SimulatorFiles.File> files = new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 30);
        SimulatorFiles.File ingested = files.get(10);
        SimulatorFiles.File failing = files.subList(11, 30).stream().filter(f -> lines(List.of(f)) >= 5).findFirst().orElseThrow();
        long a = stage(List.of(ingested));
        assertThat(ingest(a, a + 1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        jdbc.update("UPDATE staged_log_file SET ingested_at = ? WHERE id = ?",
                Utc.toDb(Instant.now().minus(Duration.ofDays(2))), a + 1);
        long b = stage(List.of(failing));
        List<String> messages = new String(failing.body(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .map(l -> json.readTree(l).path("message").path("id").asString()).toList();
        jdbc.execute("CREATE TRIGGER fail_after_release BEFORE INSERT ON mail_item FOR EACH ROW "
                + "IF NEW.message_id = '" + messages.get(4) + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        JobExecution failed;
        try {
            failed = ingest(a, b + 1);
        } finally {
            jdbc.execute("DROP TRIGGER fail_after_release");
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(itemsOf(messages)).as("the chunks before the failure").isBetween(1L, (long) messages.size() - 1);

        assertThat(release.release()).isEqualTo(1);
        assertThat(status(a + 1)).isEqualTo("RELEASED");
        JobExecution restarted = restart(failed);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(itemsOf(messages)).isEqualTo(messages.size());
        assertThat(status(b + 1)).isEqualTo("INGESTED");
    }

    private long itemsOf(List<String> messages) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ? AND message_id IN ("
                + String.join(",", messages.stream().map(m -> "?").toList()) + ")", Long.class,
                java.util.stream.Stream.concat(java.util.stream.Stream.of(WS), messages.stream()).toArray());
    }

    private JobExecution restart(JobExecution failed) throws Exception {
        long id = jobOperator.restart(failed).getId();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !jobRepository.getJobExecution(id).isRunning());
        return jobRepository.getJobExecution(id);
    }

    private JobExecution ingest(long fromId, long toId) throws Exception {
        JobExecution started = jobOperator.start(ingestJob, new JobParametersBuilder().addLong("fromId", fromId)
                .addLong("toId", toId).addString("run", UUID.randomUUID().toString()).toJobParameters());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !jobRepository.getJobExecution(started.getId()).isRunning());
        return jobRepository.getJobExecution(started.getId());
    }

    private long stage(List<SimulatorFiles.File> files) {
        return SimulatorFiles.stage(jdbc, WS, files);
    }

    private static long lines(List<SimulatorFiles.File> files) {
        long n = 0;
        for (SimulatorFiles.File f : files) {
            n += new String(f.body(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        }
        return n;
    }

    private String status(long id) {
        return jdbc.queryForObject("SELECT status FROM staged_log_file WHERE id = ?", String.class, id);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}

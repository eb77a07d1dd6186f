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
import io.custodia.support.Utc;

/**
 * Staged log files give up their raw JSONL once they have been ingested for {@code custodia.staging.keep-ingested}:
 * only ingested files, only those old enough; the rows stay (collection still recognises the files by id), and
 * an ingest run over a range that holds released files ingests the others and skips them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.workspaces[0].id=" + StagedFileReleaseTest.WS,
        "custodia.workspaces[0].api-key=sim-demo-key",
        "custodia.workspaces[0].enabled=false",
        "custodia.ingest.launch-on-startup=false",
        "custodia.staging.keep-ingested=P1D",
        "custodia.staging.release-batch-size=1"}) // several statements per pass
@ActiveProfiles("test")
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

    @Test
    void ingestedFilesGiveUpTheirBodiesAfterTheKeepPeriodAndRunsOverThemSkipThem() throws Exception {
        List<SimulatorFiles.File> files = new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 6);
        long from = stage(files.subList(0, 4));
        assertThat(ingest(from, from + 4).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long itemsOfFour = count("mail_item");
        assertThat(itemsOfFour).isEqualTo(lines(files.subList(0, 4)));

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
        assertThat(release.release()).as("a second pass finds nothing more").isZero();
        assertThat(count("mail_item")).as("releasing touches no item").isEqualTo(itemsOfFour);

        // collection still knows a released file: it is not fetched again
        Exchange listed = new DefaultExchange(camel);
        listed.getIn().setHeader(ComplianceApi.WORKSPACE, WS);
        listed.getIn().setBody(files.subList(0, 5).stream().map(f -> new LogFileRef(f.id(), "CONVERSATION_MESSAGE",
                Instant.parse(f.endTime()), f.id() + ".jsonl", f.body().length, "0".repeat(64))).toList());
        assertThat(staging.notYetLanded(listed)).extracting(LogFileRef::id).containsExactly(files.get(4).id());

        // a run over the whole range (two released, two ingested, two new) ingests the others and skips them
        stage(files.subList(4, 6));
        JobExecution again = ingest(from, from + 6);
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long readLines = again.getStepExecutions().stream().filter(s -> s.getStepName().equals("ingest-events"))
                .findFirst().orElseThrow().getReadCount();
        assertThat(readLines).isEqualTo(lines(files.subList(2, 6)));
        assertThat(count("mail_item")).isEqualTo(lines(files));
        assertThat(count("quarantine")).isZero();
        assertThat(status(from + 1)).as("a released file stays released").isEqualTo("RELEASED");

        // files not ingested yet are never released, however old
        long ready = stage(List.of(new SimulatorFiles.File("file-never-ingested-" + UUID.randomUUID(),
                "2026-01-05T00:00:00Z", "{}\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(release.releaseIngestedBefore(Instant.now().plus(Duration.ofHours(1)))).isEqualTo(4);
        assertThat(status(ready + 1)).isEqualTo("READY");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status = 'RELEASED' AND LENGTH(body) = 0",
                Long.class)).isEqualTo(6);
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

package io.custodia.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.ops.jobs.JobExecutionTracker;

/**
 * The job API ({@code /api/v1/jobs…}) on a real hub: roles, start by profile and by job, status and
 * history with counts, stop and restart from the last chunk, recovery of an execution a dead node left
 * running, refusals with precise messages, and an audit record for every change.
 */
@OpsHubTest
class JobsApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    IngestJobLauncher ingest;

    Api operator;

    @BeforeEach
    void setUp() {
        operator = Api.as(port, "operator", "operator-secret");
    }

    @Test
    void onlyOperatorsAndComplianceAdminsControlJobs() {
        assertThat(Api.anonymous(port).get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(Api.as(port, "auditor", "auditor-secret").get("/api/v1/jobs").status()).isEqualTo(403);
        assertThat(Api.as(port, "auditor", "auditor-secret").post("/api/v1/jobs/executions",
                Map.of("name", "sleepy-quick")).status()).isEqualTo(403);
        Api.Response list = operator.get("/api/v1/jobs");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"ingest\"", "\"name\":\"sleepy\"", "\"name\":\"ingest-catch-up\"",
                "\"name\":\"sleepy-quick\"");
        assertThat(Api.as(port, "admin", "admin").get("/api/v1/jobs").status()).isEqualTo(200);
    }

    @Test
    void startByProfileFollowsToCompletionWithCountsAndIsAudited() {
        Api.Response started = operator.post("/api/v1/jobs/executions", Map.of("name", "sleepy-quick"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        long id = ((Number) started.map().get("id")).longValue();
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).isEqualTo("COMPLETED");
        assertThat(done).containsEntry("readCount", 20).containsEntry("writeCount", 20).containsEntry("skipCount", 0)
                .containsEntry("progress", 1.0).containsKey("node");
        assertThat((Map<String, Object>) done.get("parameters")).containsEntry("items", 20).containsKey("run");
        assertThat(audit("BatchJobStarted", id)).contains("\"UserId\":\"operator\"", "\"profile\":\"sleepy-quick\"");

        // the history of the job lists it, newest first
        List<Map<String, Object>> history = operator.get("/api/v1/jobs/sleepy/executions?limit=50").list();
        assertThat(history).extracting(e -> ((Number) e.get("id")).longValue()).contains(id);
        assertThat(history).extracting(e -> ((Number) e.get("id")).longValue()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void startOfABareJobTakesSpringBatchNotation() {
        Api.Response started = operator.post("/api/v1/jobs/executions",
                Map.of("name", "sleepy", "parameters", Map.of("items", "7,java.lang.Long", "sleepMillis", "1,java.lang.Long")));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        Map<String, Object> done = awaitEnd(((Number) started.map().get("id")).longValue());
        assertThat(done).containsEntry("status", "COMPLETED").containsEntry("readCount", 7);
    }

    @Test
    void badStartsAreRefusedPrecisely() {
        Api.Response unknown = operator.post("/api/v1/jobs/executions", Map.of("name", "nightly-nothing"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.map().get("message").toString()).contains("no profile or job named 'nightly-nothing'", "sleepy-quick", "ingest");

        Api.Response missing = operator.post("/api/v1/jobs/executions", Map.of("name", "sleepy-daily"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.map().get("message").toString()).contains("needs day=<date>");

        Api.Response extra = operator.post("/api/v1/jobs/executions",
                Map.of("name", "sleepy-quick", "parameters", Map.of("colour", "blue")));
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.map().get("message").toString()).contains("takes no parameter [colour]", "items", "sleepMillis");

        Api.Response badType = operator.post("/api/v1/jobs/executions",
                Map.of("name", "sleepy-quick", "parameters", Map.of("items", "many")));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.map().get("message").toString()).contains("items must be a long, was 'many'");

        // a profile keyed by its day runs once per day
        Api.Response first = operator.post("/api/v1/jobs/executions", Map.of("name", "sleepy-daily", "parameters", Map.of("day", "2026-03-01")));
        assertThat(first.status()).isEqualTo(201);
        assertThat(awaitEnd(((Number) first.map().get("id")).longValue())).containsEntry("status", "COMPLETED");
        Api.Response again = operator.post("/api/v1/jobs/executions", Map.of("name", "sleepy-daily", "parameters", Map.of("day", "2026-03-01")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.map().get("message").toString()).contains("already completed");
    }

    @Test
    void stopThenRestartResumesFromTheLastChunk() {
        long id = ((Number) operator.post("/api/v1/jobs/executions", Map.of("name", "sleepy-slow")).map().get("id")).longValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) operator.get("/api/v1/jobs/executions/" + id).map()
                .get("commitCount")).longValue() >= 2);
        Map<String, Object> running = operator.get("/api/v1/jobs/executions/" + id).map();
        assertThat(running).containsEntry("running", true).containsEntry("stale", false);
        assertThat(((Number) running.get("progress")).doubleValue()).isBetween(0.0, 1.0);
        assertThat(running.get("etaSeconds")).isNotNull();
        // a running execution cannot be restarted or recovered
        assertThat(operator.post("/api/v1/jobs/executions/" + id + "/restart", null).status()).isEqualTo(409);
        assertThat(operator.post("/api/v1/jobs/executions/" + id + "/recover", null).status()).isEqualTo(409);

        assertThat(operator.post("/api/v1/jobs/executions/" + id + "/stop", null).status()).isEqualTo(200);
        Map<String, Object> stopped = awaitEnd(id);
        assertThat(stopped.get("status")).isEqualTo("STOPPED");
        long readBeforeStop = ((Number) stopped.get("readCount")).longValue();
        assertThat(readBeforeStop).isBetween(5L, 399L);
        assertThat(audit("BatchJobStopRequested", id)).contains("\"UserId\":\"operator\"");

        Api.Response restarted = operator.post("/api/v1/jobs/executions/" + id + "/restart", null);
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(201);
        long again = ((Number) restarted.map().get("id")).longValue();
        assertThat(again).isNotEqualTo(id);
        assertThat(restarted.map().get("instanceId")).isEqualTo(stopped.get("instanceId"));
        Map<String, Object> done = awaitEnd(again);
        assertThat(done.get("status")).isEqualTo("COMPLETED");
        // only what was not committed before the stop is read again
        assertThat(((Number) done.get("readCount")).longValue()).isEqualTo(400 - ((Number) stopped.get("commitCount")).longValue() * 5
                + (((Number) stopped.get("commitCount")).longValue() * 5 - readBeforeStop));
        assertThat(audit("BatchJobRestarted", again)).contains("\"restartOf\":" + id);
        // a completed instance is not restarted
        assertThat(operator.post("/api/v1/jobs/executions/" + again + "/restart", null).status()).isEqualTo(409);
    }

    @Test
    void anExecutionLeftRunningByADeadNodeIsRecoveredThenRestarted() {
        JobExecution orphan = orphan("node-that-died-1", Map.of("items", 12L));
        long id = orphan.getId();
        Map<String, Object> seen = operator.get("/api/v1/jobs/executions/" + id).map();
        assertThat(seen).containsEntry("status", "STARTED").containsEntry("stale", true).containsEntry("node", "node-that-died-1");
        assertThat(operator.get("/api/v1/jobs/executions?running=true").body()).contains("\"id\":" + id);

        Api.Response stop = operator.post("/api/v1/jobs/executions/" + id + "/stop", null);
        assertThat(stop.status()).isEqualTo(409);
        assertThat(stop.map().get("message").toString()).contains("which is gone: recover it");
        assertThat(operator.post("/api/v1/jobs/executions/" + id + "/restart", null).status()).isEqualTo(409);

        Api.Response recovered = operator.post("/api/v1/jobs/executions/" + id + "/recover", null);
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(200);
        assertThat(recovered.map()).containsEntry("status", "FAILED").containsEntry("running", false);
        assertThat(audit("BatchJobRecovered", id)).contains("node-that-died-1");

        Api.Response restarted = operator.post("/api/v1/jobs/executions/" + id + "/restart", null);
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(201);
        assertThat(awaitEnd(((Number) restarted.map().get("id")).longValue())).containsEntry("status", "COMPLETED")
                .containsEntry("readCount", 12);
    }

    @Test
    void anExecutionOfALiveNodeIsNotRecoveredUnlessForced() {
        String self = (String) operator.get("/api/v1/jobs").map().get("node");
        long id = orphan(self, Map.of("items", 3L)).getId();
        Api.Response refused = operator.post("/api/v1/jobs/executions/" + id + "/recover", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.map().get("message").toString()).contains("which is alive");
        Api.Response forced = operator.post("/api/v1/jobs/executions/" + id + "/recover?force=true", null);
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.map()).containsEntry("status", "FAILED");
        // and a failed execution may be abandoned for good
        assertThat(operator.post("/api/v1/jobs/executions/" + id + "/abandon", null).map()).containsEntry("status", "ABANDONED");
        assertThat(operator.post("/api/v1/jobs/executions/" + id + "/restart", null).status()).isEqualTo(409);
    }

    @Test
    void ingestCatchUpRunsThroughTheLauncherUnderTheClusterLock() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file", Long.class) > 0
                        && jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status = 'READY'", Long.class) == 0
                        && !ingest.busy());
        Api.Response started;
        // a poll may start an ingest at any moment: then the API says so, and we try again
        do {
            started = operator.post("/api/v1/jobs/executions", Map.of("name", "ingest-catch-up"));
            if (started.status() == 409) {
                assertThat(started.map().get("message").toString()).contains("an ingest is running");
                await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.busy());
            }
        } while (started.status() == 409);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        Map<String, Object> done = awaitEnd(((Number) started.map().get("id")).longValue());
        assertThat(done.get("status")).isEqualTo("COMPLETED");
        Map<String, Object> params = (Map<String, Object>) done.get("parameters");
        assertThat(params).containsKeys("fromId", "toId", "run");
    }

    /** An execution as a node that died mid-run leaves it in the repository: STARTED, its step STARTED. */
    private JobExecution orphan(String node, Map<String, Long> params) {
        JobParametersBuilder b = new JobParametersBuilder().addString("run", "orphan-" + System.nanoTime());
        params.forEach(b::addLong);
        JobParameters parameters = b.toJobParameters();
        JobInstance instance = jobRepository.createJobInstance(OpsTestJobs.JOB, parameters);
        JobExecution execution = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        execution.setStatus(BatchStatus.STARTED);
        execution.setStartTime(LocalDateTime.now());
        execution.getExecutionContext().putString(JobExecutionTracker.NODE, node);
        jobRepository.update(execution);
        jobRepository.updateExecutionContext(execution);
        StepExecution step = jobRepository.createStepExecution("sleepy-items", execution);
        step.setStatus(BatchStatus.STARTED);
        step.setStartTime(LocalDateTime.now());
        jobRepository.update(step);
        return execution;
    }

    private Map<String, Object> awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.FALSE.equals(operator.get("/api/v1/jobs/executions/" + id).map().get("running")));
        return operator.get("/api/v1/jobs/executions/" + id).map();
    }

    private String audit(String operation, long executionId) {
        List<String> records = jdbc.queryForList("SELECT audit_data FROM audit_record WHERE operation = ? AND object_id = ?",
                String.class, operation, "job-execution:" + executionId);
        assertThat(records).as(operation + " of execution " + executionId).hasSize(1);
        return records.get(0);
    }
}

package io.custodia.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;

/**
 * The counters of each disposition run, kept in {@code retention_run} and updated in the same
 * transaction as the chunk they count, so they are exact across failures and restarts; and the run
 * report served by {@code GET /api/v1/retention/runs/{id}}.
 */
@Component
public class RetentionRuns {

    /** What one chunk did; added to the run's counters. */
    record Counts(long evaluated, long retained, long recoverable, long held, long purged, long restored,
                  long sourceDeleted, long sourceDeleteFailed) {
    }

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;

    public RetentionRuns(JdbcTemplate jdbc, JobRepository jobRepository) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
    }

    void create(String runId, Instant asOf, boolean dryRun, String startedBy) {
        jdbc.update("""
                INSERT INTO retention_run (run_id, as_of, dry_run, started_by, created_at) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE run_id = run_id""", runId, Utc.toDb(asOf), dryRun, startedBy, Utc.now());
    }

    void add(String runId, Counts c) {
        jdbc.update("""
                UPDATE retention_run SET evaluated = evaluated + ?, retained = retained + ?,
                       recoverable = recoverable + ?, held = held + ?, purged = purged + ?, restored = restored + ?,
                       source_deleted = source_deleted + ?, source_delete_failed = source_delete_failed + ?
                WHERE run_id = ?""", c.evaluated(), c.retained(), c.recoverable(), c.held(), c.purged(), c.restored(),
                c.sourceDeleted(), c.sourceDeleteFailed(), runId);
    }

    /**
     * The report of the run that job execution {@code executionId} belongs to: the status of that
     * execution and the counters of the whole run (all its executions), or null if it is not a
     * disposition run.
     */
    public Map<String, Object> report(long executionId) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null || !RetentionJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
            return null;
        }
        String runId = execution.getJobParameters().getString("run");
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM retention_run WHERE run_id = ?", runId);
        Map<String, Object> run = rows.isEmpty() ? Map.of() : rows.get(0);
        JobInstance instance = execution.getJobInstance();
        List<Long> executions = jobRepository.getJobExecutions(instance).stream().map(JobExecution::getId).sorted().toList();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", executionId);
        r.put("status", execution.getStatus().name());
        r.put("asOf", execution.getJobParameters().getString("asOf"));
        r.put("dryRun", Boolean.parseBoolean(execution.getJobParameters().getString("dryRun")));
        for (String[] f : new String[][]{{"evaluated", "evaluated"}, {"retained", "retained"},
                {"recoverable", "recoverable"}, {"purged", "purged"}, {"held", "held"}, {"restored", "restored"},
                {"sourceDeleted", "source_deleted"}, {"sourceDeleteFailed", "source_delete_failed"}}) {
            Object v = run.get(f[1]);
            r.put(f[0], v == null ? 0L : ((Number) v).longValue());
        }
        r.put("startedBy", run.get("started_by"));
        r.put("startTime", execution.getStartTime() == null ? null : execution.getStartTime().toString());
        r.put("endTime", execution.getEndTime() == null ? null : execution.getEndTime().toString());
        String exit = execution.getExitStatus().getExitDescription();
        if (exit != null && !exit.isBlank()) {
            r.put("exitDescription", exit.length() > 2000 ? exit.substring(0, 2000) + "…" : exit);
        }
        r.put("executions", executions);
        return r;
    }

    /** The most recent runs, newest first. */
    public List<Map<String, Object>> recent(int limit) {
        return jobRepository.getJobInstances(RetentionJobConfiguration.JOB_NAME, 0, limit).stream()
                .map(jobRepository::getLastJobExecution)
                .filter(java.util.Objects::nonNull)
                .map(e -> report(e.getId()))
                .toList();
    }
}

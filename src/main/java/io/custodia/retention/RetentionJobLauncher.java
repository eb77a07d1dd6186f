package io.custodia.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts disposition runs through {@link JobOperator}: the nightly one (route {@code retention-nightly},
 * {@code asOf} = now) and the ones asked for through the API. One run at a time: a start while another
 * run is in progress is refused. Every start and restart is audited.
 */
@Component("retentionJobLauncher")
public class RetentionJobLauncher {

    private static final Logger log = LoggerFactory.getLogger(RetentionJobLauncher.class);
    public static final String SYSTEM = "system";

    private final JobOperator jobOperator;
    private final Job retentionJob;
    private final JobRepository jobRepository;
    private final RetentionRunListener listener;
    private final RetentionAudit audit;
    private final TransactionTemplate tx;

    public RetentionJobLauncher(JobOperator jobOperator, @Qualifier("retentionJob") Job retentionJob,
                                JobRepository jobRepository, RetentionRunListener listener, RetentionAudit audit,
                                TransactionTemplate tx) {
        this.jobOperator = jobOperator;
        this.retentionJob = retentionJob;
        this.jobRepository = jobRepository;
        this.listener = listener;
        this.audit = audit;
        this.tx = tx;
    }

    /** The nightly run, from the Quartz route; skipped (with a warning) while another run is in progress. */
    public Long nightly() {
        try {
            return start(Instant.now(), false, SYSTEM);
        } catch (RunInProgressException e) {
            log.warn("Nightly disposition run skipped: {}", e.getMessage());
            return null;
        }
    }

    /** Starts a run; returns its job execution id. */
    public synchronized long start(Instant asOf, boolean dryRun, String user) {
        Set<JobExecution> running = jobRepository.findRunningJobExecutions(RetentionJobConfiguration.JOB_NAME);
        if (!running.isEmpty()) {
            JobExecution other = running.iterator().next();
            throw new RunInProgressException("disposition run execution " + other.getId() + " is in progress (started "
                    + other.getStartTime() + "); if the hub that ran it died, restart it with POST /api/v1/retention/runs/"
                    + other.getId() + "/restart");
        }
        String runId = UUID.randomUUID().toString();
        JobParameters params = new JobParametersBuilder()
                .addString("run", runId)
                .addString("asOf", asOf.toString())
                .addString("dryRun", Boolean.toString(dryRun))
                .addString("user", user, false)
                .toJobParameters();
        JobExecution execution;
        try {
            execution = jobOperator.start(retentionJob, params);
        } catch (Exception e) {
            throw new IllegalStateException("the disposition run could not be started: " + e.getMessage(), e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("asOf", asOf.toString());
        details.put("dryRun", dryRun);
        details.put("run", runId);
        details.put("execution", execution.getId());
        tx.executeWithoutResult(s -> audit.adminAction("RetentionRunStarted", "create", user,
                new RetentionAudit.Target("retentionRun", runId, null), details, RetentionAudit.ADMIN_ACTION));
        log.info("Disposition run {} (execution {}) started by {}: asOf {}, dryRun {}", runId, execution.getId(), user,
                asOf, dryRun);
        return execution.getId();
    }

    /**
     * Restarts a failed or stopped run where it stopped. An execution still marked as running that this
     * hub does not run (its hub died) is first marked failed — in a cluster, make sure no other node runs it.
     */
    public synchronized long restart(long executionId, String user) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        if (execution == null || !RetentionJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
            throw new IllegalArgumentException("no disposition run execution " + executionId);
        }
        if (execution.isRunning()) {
            if (listener.runsHere(executionId)) {
                throw new RunInProgressException("execution " + executionId + " is running in this hub");
            }
            execution = jobOperator.recover(execution);
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            throw new RunInProgressException("execution " + executionId + " completed; start a new run instead");
        }
        JobExecution restarted;
        try {
            restarted = jobOperator.restart(execution);
        } catch (Exception e) {
            throw new IllegalStateException("execution " + executionId + " could not be restarted: " + e.getMessage(), e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("restartOf", executionId);
        details.put("execution", restarted.getId());
        String runId = execution.getJobParameters().getString("run");
        details.put("run", runId);
        tx.executeWithoutResult(s -> audit.adminAction("RetentionRunRestarted", "update", user,
                new RetentionAudit.Target("retentionRun", runId, null), details, RetentionAudit.ADMIN_ACTION));
        return restarted.getId();
    }

    /** A run cannot start (or restart) now. */
    public static class RunInProgressException extends RuntimeException {
        public RunInProgressException(String message) {
            super(message);
        }
    }
}

package io.custodia.retention;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Before a run: its counter row exists and the recoverable area mirrors the mailbox tables (otherwise the
 * run fails at once with the reason). Also knows which runs execute in this hub right now.
 */
@Component
class RetentionRunListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RetentionRunListener.class);

    private final RetentionRuns runs;
    private final RecoverableArea area;
    private final Set<Long> active = ConcurrentHashMap.newKeySet();

    RetentionRunListener(RetentionRuns runs, RecoverableArea area) {
        this.runs = runs;
        this.area = area;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        active.add(execution.getId());
        JobParameters p = execution.getJobParameters();
        runs.create(p.getString("run"), Instant.parse(p.getString("asOf")), Boolean.parseBoolean(p.getString("dryRun")),
                p.getString("user"));
        area.checkMirrors();
    }

    @Override
    public void afterJob(JobExecution execution) {
        active.remove(execution.getId());
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            log.info("Disposition run {} (execution {}) completed", execution.getJobParameters().getString("run"), execution.getId());
        } else {
            log.warn("Disposition run {} (execution {}) ended {}: {}", execution.getJobParameters().getString("run"),
                    execution.getId(), execution.getStatus(), execution.getExitStatus().getExitDescription());
        }
    }

    /** Whether this hub is executing {@code executionId} now. */
    boolean runsHere(long executionId) {
        return active.contains(executionId);
    }
}

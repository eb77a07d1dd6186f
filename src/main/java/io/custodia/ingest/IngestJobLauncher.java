package io.custodia.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.ops.cluster.ClusterLock;
import io.custodia.ops.cluster.ClusterNodes;
import io.custodia.ops.jobs.JobControlException;
import io.custodia.ops.jobs.JobExecutionTracker;
import io.custodia.ops.jobs.JobStarter;

/**
 * Starts the ingest job through {@link JobOperator}: from the collection routes after every page, at
 * start-up, and for operators (as the {@link JobStarter} of job {@code ingest}). Each run covers the
 * staged files that are READY when it starts ({@code fromId}, {@code toId}).
 * <p>
 * <b>One ingest at a time in the whole cluster.</b> A run holds the cluster lock {@code ingest} (a MariaDB
 * named lock, {@link ClusterLock}) from its start to its end. A route's request on a node that cannot take
 * it is dropped: the holder looks for READY files again after releasing the lock, so files landed anywhere
 * meanwhile are covered by its next run (or by the next poll). Within this hub a request during a run is
 * remembered and served when the run ends.
 * <p>
 * <b>Executions left behind by a dead node.</b> Whoever takes the lock next finds the executions the
 * repository still calls running although no launcher holds the lock for them: it marks them failed
 * ({@code JobOperator.recover}) and restarts the oldest from its last committed chunk; the other ranges'
 * files are still READY and are covered by the following run. Writes are idempotent by
 * natural keys, so nothing is lost or doubled either way.
 */
@Component("ingestJobLauncher")
public class IngestJobLauncher implements JobExecutionListener, JobStarter {

    private static final Logger log = LoggerFactory.getLogger(IngestJobLauncher.class);
    static final String LOCK = "ingest";

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final ObjectProvider<Job> ingestJob;
    private final JdbcTemplate jdbc;
    private final IngestProperties props;
    private final ClusterLock clusterLock;
    private final ClusterNodes nodes;
    private final ObjectProvider<JobExecutionTracker> tracker;
    /** Held while a run this launcher started is in progress. */
    private ClusterLock.Held lock;
    private Long current;
    private boolean pending;

    public IngestJobLauncher(JobOperator jobOperator, JobRepository jobRepository, ObjectProvider<Job> ingestJob,
                             JdbcTemplate jdbc, IngestProperties props, ClusterLock clusterLock, ClusterNodes nodes,
                             ObjectProvider<JobExecutionTracker> tracker) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.ingestJob = ingestJob;
        this.jdbc = jdbc;
        this.props = props;
        this.clusterLock = clusterLock;
        this.nodes = nodes;
        this.tracker = tracker;
    }

    @Override
    public String jobName() {
        return IngestJobConfiguration.JOB_NAME;
    }

    /**
     * Starts an ingest of everything READY, or schedules one after the run in progress here; does nothing
     * when another node runs an ingest. Returns the execution started, if any.
     */
    public synchronized Long launch() {
        if (current != null) {
            pending = true;
            return null;
        }
        if (!takeLock()) {
            return null;
        }
        try {
            JobExecution restarted = restartStale();
            if (restarted != null) {
                pending = true; // then catch up with the files landed since
                return restarted.getId();
            }
            JobParameters params = readyRange();
            if (params == null) {
                releaseLock();
                return null;
            }
            return run(params).getId();
        } catch (RuntimeException e) {
            releaseLock();
            log.error("Ingest job could not be started: {}", e.toString());
            return null;
        }
    }

    /** An operator's start: the given range, or everything READY (an empty range when nothing is). */
    @Override
    public synchronized JobExecution start(JobParameters given) {
        if (current != null) {
            throw JobControlException.conflict("an ingest is running on this node (execution " + current
                    + "); files landed meanwhile are ingested when it ends");
        }
        if (!takeLock()) {
            throw JobControlException.conflict("an ingest is running on another node (it holds the cluster lock, MariaDB connection "
                    + clusterLock.holder(LOCK).map(String::valueOf).orElse("?") + "); files landed meanwhile are ingested when it ends");
        }
        try {
            JobParametersBuilder b = new JobParametersBuilder(given);
            if (given.getLong("fromId") == null || given.getLong("toId") == null) {
                JobParameters ready = readyRange();
                if (ready == null) {
                    Long max = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM staged_log_file", Long.class);
                    b.addLong("fromId", max).addLong("toId", max);
                } else {
                    b.addLong("fromId", ready.getLong("fromId")).addLong("toId", ready.getLong("toId"));
                }
            }
            if (given.getString("run") == null) {
                b.addString("run", UUID.randomUUID().toString());
            }
            return run(b.toJobParameters());
        } catch (JobControlException e) {
            releaseLock();
            throw e;
        } catch (RuntimeException e) {
            releaseLock();
            throw JobControlException.conflict("the ingest job could not be started: " + e.getMessage());
        }
    }

    /** An operator's restart of a failed or stopped ingest execution, under the cluster lock. */
    @Override
    public synchronized JobExecution restart(JobExecution execution) {
        if (current != null || !takeLock()) {
            throw JobControlException.conflict("an ingest is running (on " + (current != null ? "this node, execution " + current
                    : "another node") + "): restart execution " + execution.getId() + " when it has ended");
        }
        try {
            JobExecution restarted = jobOperator.restart(execution);
            current = restarted.getId();
            return restarted;
        } catch (Exception e) {
            releaseLock();
            throw JobControlException.conflict("execution " + execution.getId() + " cannot be restarted: " + e.getMessage());
        }
    }

    /** Whether an ingest started by this hub is running or queued. */
    public synchronized boolean busy() {
        return current != null || pending;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            log.warn("Ingest job execution {} ended {}: {}", execution.getId(), execution.getStatus(),
                    execution.getExitStatus().getExitDescription());
        }
        boolean again;
        synchronized (this) {
            if (current == null || current != execution.getId()) {
                return; // not started through this launcher (a test or a tool used the JobOperator directly)
            }
            releaseLock();
            // after releasing: a node refused meanwhile has landed its files before asking, so they are seen here
            again = pending || execution.getStatus() == BatchStatus.COMPLETED && readyFilesWaiting();
            pending = false;
        }
        if (again) {
            launch();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void launchWaitingFiles() {
        if (props.launchOnStartup()) {
            launch();
        }
    }

    private JobExecution run(JobParameters params) {
        try {
            JobExecution execution = jobOperator.start(ingestJob.getObject(), params);
            current = execution.getId();
            log.info("Ingest job execution {} started for staged files ({}, {}]", execution.getId(),
                    params.getLong("fromId"), params.getLong("toId"));
            return execution;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Recovers the ingest executions left running by a node that died and restarts the oldest; null if
     * none. Called holding the cluster lock: every ingest started through a launcher runs under that lock,
     * so an execution the repository calls running that does not run in this JVM has lost its node (a
     * killed process frees the lock at once, before Quartz even notices the node is gone). Were it still
     * running somewhere after all (started around the launcher), Spring Batch's optimistic locking fails its
     * next chunk and the restart carries on from the last commit: nothing is written twice.
     */
    private JobExecution restartStale() {
        if (!props.restartStale()) {
            return null;
        }
        List<JobExecution> stale = new ArrayList<>();
        for (JobExecution e : jobRepository.findRunningJobExecutions(IngestJobConfiguration.JOB_NAME)) {
            if (!tracker.getObject().runningHere(e.getId())) {
                stale.add(e);
            }
        }
        if (stale.isEmpty()) {
            return null;
        }
        stale.sort(Comparator.comparingLong(JobExecution::getId));
        List<JobExecution> recovered = new ArrayList<>();
        for (JobExecution e : stale) {
            String node = JobExecutionTracker.node(e);
            log.warn("Ingest job execution {} was left {} by node {} ({}): recovering it", e.getId(), e.getStatus(), node,
                    nodes.alive(node) ? "it still checks in, but no longer holds the ingest lock" : "gone");
            recovered.add(jobOperator.recover(e));
        }
        try {
            JobExecution restarted = jobOperator.restart(recovered.get(0));
            current = restarted.getId();
            log.warn("Ingest job execution {} restarts execution {} from its last committed chunk", restarted.getId(),
                    recovered.get(0).getId());
            return restarted;
        } catch (Exception e) {
            log.error("Recovered ingest execution {} could not be restarted ({}); its files are ingested by the next run",
                    recovered.get(0).getId(), e.toString());
            return null;
        }
    }

    private JobParameters readyRange() {
        Map<String, Object> range = jdbc.queryForMap(
                "SELECT MIN(id) AS lo, MAX(id) AS hi FROM staged_log_file WHERE status = 'READY'");
        if (range.get("lo") == null) {
            return null;
        }
        return new JobParametersBuilder()
                .addLong("fromId", ((Number) range.get("lo")).longValue() - 1)
                .addLong("toId", ((Number) range.get("hi")).longValue())
                .addString("run", UUID.randomUUID().toString())
                .toJobParameters();
    }

    private boolean readyFilesWaiting() {
        try {
            return Boolean.TRUE.equals(jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM staged_log_file WHERE status = 'READY')", Boolean.class));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean takeLock() {
        lock = clusterLock.tryAcquire(LOCK).orElse(null);
        return lock != null;
    }

    private void releaseLock() {
        current = null;
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}

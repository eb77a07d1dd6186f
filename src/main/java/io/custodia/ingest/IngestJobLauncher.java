package io.custodia.ingest;

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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts the ingest job from the collection routes through {@link JobOperator}. One ingest runs at a
 * time in this hub: a request that arrives while one runs is remembered and served when it ends, so
 * files landed meanwhile are never left waiting for the next poll. Each run covers the staged files
 * that are READY when it starts ({@code fromId}, {@code toId}).
 */
@Component("ingestJobLauncher")
public class IngestJobLauncher implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(IngestJobLauncher.class);

    private final JobOperator jobOperator;
    private final ObjectProvider<Job> ingestJob;
    private final JdbcTemplate jdbc;
    private final IngestProperties props;
    private boolean running;
    private boolean pending;

    public IngestJobLauncher(JobOperator jobOperator, ObjectProvider<Job> ingestJob, JdbcTemplate jdbc,
                             IngestProperties props) {
        this.jobOperator = jobOperator;
        this.ingestJob = ingestJob;
        this.jdbc = jdbc;
        this.props = props;
    }

    /** Starts an ingest of everything READY, or schedules one after the run in progress. */
    public synchronized Long launch() {
        if (running) {
            pending = true;
            return null;
        }
        Map<String, Object> range = jdbc.queryForMap(
                "SELECT MIN(id) AS lo, MAX(id) AS hi FROM staged_log_file WHERE status = 'READY'");
        if (range.get("lo") == null) {
            return null;
        }
        long from = ((Number) range.get("lo")).longValue() - 1;
        long to = ((Number) range.get("hi")).longValue();
        JobParameters params = new JobParametersBuilder()
                .addLong("fromId", from)
                .addLong("toId", to)
                .addString("run", UUID.randomUUID().toString())
                .toJobParameters();
        running = true;
        try {
            JobExecution execution = jobOperator.start(ingestJob.getObject(), params);
            log.info("Ingest job execution {} started for staged files ({}, {}]", execution.getId(), from, to);
            return execution.getId();
        } catch (Exception e) {
            running = false;
            log.error("Ingest job could not be started: {}", e.toString());
            return null;
        }
    }

    /** Whether an ingest is running or queued in this hub. */
    public synchronized boolean busy() {
        return running || pending;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            log.warn("Ingest job execution {} ended {}: {}", execution.getId(), execution.getStatus(),
                    execution.getExitStatus().getExitDescription());
        }
        boolean again;
        synchronized (this) {
            running = false;
            again = pending;
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
}

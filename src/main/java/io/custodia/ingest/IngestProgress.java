package io.custodia.ingest;

import java.util.OptionalDouble;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.ops.jobs.JobProgress;

/**
 * How far an ingest run has come: the staged file its reader is at (saved with every chunk commit as
 * {@code stagedLogFiles.resourceIndex}) out of the files in its range. Files are of similar size, so this
 * is a fair basis for an ETA.
 */
@Component
class IngestProgress implements JobProgress {

    private static final String RESOURCE_INDEX = "stagedLogFiles.resourceIndex";

    private final JdbcTemplate jdbc;

    IngestProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String jobName() {
        return IngestJobConfiguration.JOB_NAME;
    }

    @Override
    public OptionalDouble fraction(JobExecution execution) {
        Long from = execution.getJobParameters().getLong("fromId");
        Long to = execution.getJobParameters().getLong("toId");
        if (from == null || to == null) {
            return OptionalDouble.empty();
        }
        StepExecution events = execution.getStepExecutions().stream()
                .filter(s -> IngestJobConfiguration.EVENTS_STEP.equals(s.getStepName())).findFirst().orElse(null);
        if (events == null) {
            return OptionalDouble.of(0);
        }
        if (events.getStatus() == BatchStatus.COMPLETED) {
            return OptionalDouble.of(1);
        }
        Long files = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE id > ? AND id <= ?", Long.class, from, to);
        if (files == null || files == 0) {
            return OptionalDouble.of(1);
        }
        // partitioned: every partition reads every file of the range; the slowest one sets the pace
        String prefix = IngestJobConfiguration.EVENTS_STEP + ":";
        java.util.List<StepExecution> partitions = execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(prefix)).toList();
        long index;
        if (partitions.isEmpty()) {
            index = resourceIndex(events);
        } else {
            index = partitions.stream().mapToLong(p -> p.getStatus() == BatchStatus.COMPLETED ? files : resourceIndex(p))
                    .min().orElse(0);
        }
        return OptionalDouble.of(Math.min(1.0, (double) index / files));
    }

    private static long resourceIndex(StepExecution step) {
        return step.getExecutionContext().containsKey(RESOURCE_INDEX) ? step.getExecutionContext().getInt(RESOURCE_INDEX) : 0;
    }
}

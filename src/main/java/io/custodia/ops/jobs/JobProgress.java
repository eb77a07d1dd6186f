package io.custodia.ops.jobs;

import java.util.OptionalDouble;

import org.springframework.batch.core.job.JobExecution;

/**
 * How far a running execution has come, for jobs that can tell (Spring Batch counts what was read, not
 * what is left): a fraction in [0, 1] from which the progress bar computes its ETA.
 */
public interface JobProgress {

    String jobName();

    OptionalDouble fraction(JobExecution execution);
}

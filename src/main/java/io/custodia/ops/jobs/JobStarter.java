package io.custodia.ops.jobs;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * A job with its own launch rules (e.g. the ingest job: one run at a time in the whole cluster, a range
 * computed when none is given). Operators' starts and restarts of that job go through it instead of
 * straight to the {@code JobOperator}.
 */
public interface JobStarter {

    String jobName();

    /** Starts the job with these parameters (completing them if the job knows how). */
    JobExecution start(JobParameters parameters);

    /** Restarts a failed or stopped execution from its last committed chunk. */
    JobExecution restart(JobExecution execution);
}

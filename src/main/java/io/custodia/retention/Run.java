package io.custodia.retention;

import java.time.Instant;

/**
 * One disposition run as its steps see it: the job parameters and the rules snapshot taken when the step
 * started.
 *
 * @param runId     identifies the run across restarts (job parameter {@code run})
 * @param asOf      the run's clock: expiry and grace period are measured against it
 * @param dryRun    count what would happen, change nothing
 * @param startedBy who started it ({@code system} for the nightly schedule)
 */
record Run(String runId, Instant asOf, boolean dryRun, String startedBy, RetentionRules.Snapshot rules) {
}

package io.custodia.ops.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One job execution as operators see it ({@code GET /api/v1/jobs/executions/{id}}).
 *
 * @param node           the hub node that runs or ran it (Quartz instance id)
 * @param stale          the repository says it runs, but its node is gone: recover it, then restart
 * @param itemsPerSecond items written per second since it started (until it ended)
 * @param progress       fraction done in [0, 1], for jobs that can tell; null otherwise
 * @param etaSeconds     estimated seconds left, from {@code progress} and the time spent so far
 */
public record ExecutionView(long id, String job, long instanceId, String status, String exitCode,
                            String exitDescription, Instant startTime, Instant endTime, Instant lastUpdated,
                            Map<String, Object> parameters, String node, boolean running, boolean stale,
                            long readCount, long writeCount, long skipCount, long filterCount, long commitCount,
                            long rollbackCount, Double itemsPerSecond, Double progress, Long etaSeconds,
                            List<StepView> steps) {

    public record StepView(long id, String name, String status, String exitCode, long readCount, long writeCount,
                           long skipCount, long filterCount, long commitCount, long rollbackCount,
                           Instant startTime, Instant endTime) {
    }
}

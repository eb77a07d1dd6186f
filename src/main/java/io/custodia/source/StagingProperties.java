package io.custodia.source;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Staged log files ({@code custodia.staging.*}).
 *
 * @param keepIngested     how long the raw JSONL of an ingested file is kept (for an {@code ingest-range} run
 *                         again, or to look at what the source sent) before it is released; {@code 0} releases
 *                         it at the next pass. It holds the same content as the items: keep it no longer than the
 *                         shortest deletion period of the retention policies
 * @param releaseSchedule  Quartz cron of the release route ({@code routes/staging-release.yaml})
 * @param releaseBatchSize files released per statement
 */
@ConfigurationProperties("custodia.staging")
public record StagingProperties(Duration keepIngested, String releaseSchedule, Integer releaseBatchSize) {

    public StagingProperties {
        keepIngested = keepIngested != null ? keepIngested : Duration.ofDays(7);
        releaseSchedule = releaseSchedule != null ? releaseSchedule : "0 20 * * * ?";
        releaseBatchSize = releaseBatchSize != null ? releaseBatchSize : 200;
        if (keepIngested.isNegative()) {
            throw new IllegalArgumentException("custodia.staging.keep-ingested must not be negative, was " + keepIngested);
        }
        if (releaseBatchSize < 1) {
            throw new IllegalArgumentException("custodia.staging.release-batch-size must be at least 1, was "
                    + releaseBatchSize);
        }
    }
}

package io.custodia.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention and disposition ({@code custodia.retention.*}).
 *
 * @param schedule       Quartz cron of the nightly disposition run ({@code routes/retention.yaml})
 * @param gracePeriod    how long an expired item stays in the recoverable area before it is purged
 *                       (Purview keeps SubstrateHolds items at least 1 day)
 * @param chunkSize      items per transaction of the disposition job
 * @param sourceDeletion deletion at the source (Compliance API), for rules that ask for it
 */
@ConfigurationProperties("custodia.retention")
public record RetentionProperties(String schedule, Duration gracePeriod, Integer chunkSize,
                                  SourceDeletionSettings sourceDeletion) {

    public RetentionProperties {
        schedule = schedule != null ? schedule : "0 0 2 * * ?";
        gracePeriod = gracePeriod != null ? gracePeriod : Duration.ofDays(1);
        chunkSize = chunkSize != null ? chunkSize : 500;
        sourceDeletion = sourceDeletion != null ? sourceDeletion : new SourceDeletionSettings(false, null);
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("custodia.retention.grace-period must not be negative, was " + gracePeriod);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("custodia.retention.chunk-size must be at least 1, was " + chunkSize);
        }
    }

    /**
     * @param enabled     off by default: a rule's {@code deleteAtSource} does nothing until this is on
     * @param maxAttempts failed deletions are retried by the following runs up to this many times
     */
    public record SourceDeletionSettings(boolean enabled, Integer maxAttempts) {
        public SourceDeletionSettings {
            maxAttempts = maxAttempts != null ? maxAttempts : 5;
        }
    }
}

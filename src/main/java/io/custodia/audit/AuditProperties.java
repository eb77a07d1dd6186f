package io.custodia.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit log ({@code custodia.audit.*}).
 *
 * @param sealSchedule        Quartz cron of the sealer route ({@code routes/audit-seal.yaml}): how often
 *                            committed records get their place in the hash chain
 * @param sealBatchSize       records sealed per transaction
 * @param loginRecordInterval a successful sign-in of the same user from the same address is recorded
 *                            once per this interval (HTTP Basic authenticates every request); failures
 *                            are always recorded
 * @param exportFetchSize     rows streamed per round trip by the export and the verification
 */
@ConfigurationProperties("custodia.audit")
public record AuditProperties(String sealSchedule, Integer sealBatchSize, Duration loginRecordInterval,
                              Integer exportFetchSize) {

    public AuditProperties {
        sealSchedule = sealSchedule != null ? sealSchedule : "0/5 * * * * ?";
        sealBatchSize = sealBatchSize != null ? sealBatchSize : 5000;
        loginRecordInterval = loginRecordInterval != null ? loginRecordInterval : Duration.ofMinutes(15);
        exportFetchSize = exportFetchSize != null ? exportFetchSize : 1000;
        if (sealBatchSize < 1) {
            throw new IllegalArgumentException("custodia.audit.seal-batch-size must be at least 1, was " + sealBatchSize);
        }
    }
}

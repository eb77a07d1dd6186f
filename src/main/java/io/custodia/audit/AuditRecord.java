package io.custodia.audit;

import java.time.Instant;

/**
 * One unified audit log record. {@code auditData} is the full record as JSON in Purview's
 * {@code AuditRecord} shape; {@code original} keeps the source event verbatim when there is one.
 * {@code sourceKey} is the natural key that makes appending idempotent: {@code id} is always its name-based UUID
 * ({@link AuditRecords#uuid}), so the table's unique id keeps one record per source key (migration V72).
 */
public record AuditRecord(String id, String sourceKey, int recordType, String operation, String workload,
                          Instant creationTime, String userId, String workspaceId, String objectId,
                          String resultStatus, String clientIp, String auditData, String original) {

    public AuditRecord {
        if (sourceKey == null || id == null || !id.equals(AuditRecords.uuid(sourceKey))) {
            throw new IllegalArgumentException("audit record id " + id + " is not the UUID of its source key " + sourceKey);
        }
    }
}

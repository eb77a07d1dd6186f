package io.custodia.audit;

import java.time.Instant;

/**
 * One unified audit log record. {@code auditData} is the full record as JSON in Purview's
 * {@code AuditRecord} shape; {@code original} keeps the source event verbatim when there is one.
 * {@code sourceKey} is the natural key that makes appending idempotent.
 */
public record AuditRecord(String id, String sourceKey, int recordType, String operation, String workload,
                          Instant creationTime, String userId, String workspaceId, String objectId,
                          String resultStatus, String clientIp, String auditData, String original) {
}

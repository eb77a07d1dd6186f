package io.custodia.audit;

import java.util.List;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.BatchStatements;
import io.custodia.support.Utc;

/** Appends records to the unified audit log, in batches, once per source key. */
@Component
public class AuditLog {

    /** Plain INSERT (bulk protocol); with ON DUPLICATE KEY UPDATE appended, the idempotent retry (BatchStatements.insertOrKeep). */
    private static final String INSERT_RECORD = """
            INSERT INTO audit_record (id, source_key, record_type, operation, workload, creation_time, user_id,
                                      workspace_id, object_id, result_status, client_ip, audit_data, original,
                                      recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public AuditLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void append(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        var now = Utc.now();
        BatchStatements.insertOrKeep(jdbc.getJdbcOperations(), INSERT_RECORD, INSERT_RECORD + "ON DUPLICATE KEY UPDATE source_key = source_key",
                records.stream().map(r -> new Object[]{r.id(), r.sourceKey(), r.recordType(), r.operation(), r.workload(),
                        Utc.toDb(r.creationTime()), r.userId(), r.workspaceId(), r.objectId(), r.resultStatus(),
                        r.clientIp(), r.auditData(), r.original(), now}).toList());
    }

    public void append(AuditRecord record) {
        append(List.of(record));
    }
}

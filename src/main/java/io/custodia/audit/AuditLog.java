package io.custodia.audit;

import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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
            VALUES (:id, :key, :type, :op, :workload, :time, :user, :ws, :object, :result, :ip, :data, :original, :now)
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
        BatchStatements.insertOrKeep(jdbc, INSERT_RECORD, INSERT_RECORD + "ON DUPLICATE KEY UPDATE source_key = source_key",
                records.stream().map(r -> new MapSqlParameterSource()
                .addValue("id", r.id()).addValue("key", r.sourceKey()).addValue("type", r.recordType())
                .addValue("op", r.operation()).addValue("workload", r.workload())
                .addValue("time", Utc.toDb(r.creationTime())).addValue("user", r.userId())
                .addValue("ws", r.workspaceId()).addValue("object", r.objectId()).addValue("result", r.resultStatus())
                .addValue("ip", r.clientIp()).addValue("data", r.auditData()).addValue("original", r.original())
                .addValue("now", now)).toArray(SqlParameterSource[]::new));
    }

    public void append(AuditRecord record) {
        append(List.of(record));
    }
}

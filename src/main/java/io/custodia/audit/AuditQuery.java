package io.custodia.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;
import tools.jackson.databind.json.JsonMapper;

/** Searches the audit log by time, operation, user and record type: a page at a time, or streamed as JSON lines. */
@Component
public class AuditQuery {

    /** Search criteria; null fields do not filter. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(Instant from, Instant to, String operation, String user, Integer recordType) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final JsonMapper json;

    public AuditQuery(NamedParameterJdbcTemplate jdbc, DataSource dataSource, JsonMapper json, AuditProperties props) {
        this.jdbc = jdbc;
        var template = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        template.setFetchSize(props.exportFetchSize());
        this.streaming = new NamedParameterJdbcTemplate(template);
        this.json = json;
    }

    /** One page of records in time order (oldest first), with the total count of matches. */
    public Map<String, Object> page(Filter filter, int page, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(filter, params);
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_record" + where, params, Long.class);
        params.addValue("limit", size).addValue("offset", (long) page * size);
        List<Map<String, Object>> records = new ArrayList<>();
        jdbc.query("""
                SELECT seq, id, creation_time, record_type, operation, workload, user_id, workspace_id, object_id,
                       result_status, client_ip, chain_pos, audit_data
                FROM audit_record""" + where + " ORDER BY creation_time, seq LIMIT :limit OFFSET :offset", params, rs -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seq", rs.getLong("seq"));
            r.put("id", rs.getString("id"));
            r.put("creationTime", Utc.fromDb(rs.getObject("creation_time", java.time.LocalDateTime.class)).toString());
            r.put("recordType", rs.getInt("record_type"));
            r.put("operation", rs.getString("operation"));
            r.put("workload", rs.getString("workload"));
            r.put("userId", rs.getString("user_id"));
            r.put("workspaceId", rs.getString("workspace_id"));
            r.put("objectId", rs.getString("object_id"));
            r.put("resultStatus", rs.getString("result_status"));
            r.put("clientIp", rs.getString("client_ip"));
            long pos = rs.getLong("chain_pos");
            r.put("chainPosition", pos == 0 ? null : pos);
            r.put("auditData", json.readTree(rs.getString("audit_data")));
            records.add(r);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("page", page);
        result.put("size", size);
        result.put("total", total);
        result.put("records", records);
        return result;
    }

    /** Streams every matching record's AuditData (Purview's record shape) as one JSON object per line. */
    public long export(Filter filter, OutputStream out) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(filter, params);
        long[] n = {0};
        streaming.query("SELECT audit_data FROM audit_record" + where + " ORDER BY creation_time, seq", params, rs -> {
            try {
                // audit_data is JSON written by AuditRecords on one line
                out.write(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                n[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return n[0];
    }

    private static String where(Filter f, MapSqlParameterSource params) {
        List<String> clauses = new ArrayList<>();
        if (f.from() != null) {
            clauses.add("creation_time >= :from");
            params.addValue("from", Utc.toDb(f.from()));
        }
        if (f.to() != null) {
            clauses.add("creation_time < :to");
            params.addValue("to", Utc.toDb(f.to()));
        }
        if (f.operation() != null) {
            clauses.add("operation = :operation");
            params.addValue("operation", f.operation());
        }
        if (f.user() != null) {
            clauses.add("user_id = :user");
            params.addValue("user", f.user());
        }
        if (f.recordType() != null) {
            clauses.add("record_type = :recordType");
            params.addValue("recordType", f.recordType());
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }
}

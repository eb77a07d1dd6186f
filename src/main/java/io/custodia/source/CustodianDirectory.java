package io.custodia.source;

import io.custodia.support.Utc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecord;
import io.custodia.audit.AuditRecords;

/**
 * Keeps the custodian directory in step with the workspace's users list: joiners appear, leavers turn
 * {@code inactive}, role changes are applied. Once a workspace's directory exists, each change is also
 * written to the audit log ({@code CustodianJoined}, {@code CustodianRoleChanged},
 * {@code CustodianStatusChanged}) so that "who was an admin when" can be answered later; the first sync of
 * a workspace is its baseline and records nothing.
 */
@Component("custodianDirectory")
public class CustodianDirectory {

    static final String SYNC_USER = "custodia-directory-sync";

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditRecords auditRecords;
    private final AuditLog auditLog;

    public CustodianDirectory(NamedParameterJdbcTemplate jdbc, AuditRecords auditRecords, AuditLog auditLog) {
        this.jdbc = jdbc;
        this.auditRecords = auditRecords;
        this.auditLog = auditLog;
    }

    @Transactional
    public void upsert(List<Custodian> users) {
        if (users == null || users.isEmpty()) {
            return;
        }
        auditLog.append(changes(users));
        java.time.LocalDateTime now = Utc.now();
        SqlParameterSource[] batch = users.stream().map(u -> new MapSqlParameterSource()
                .addValue("ws", u.workspaceId()).addValue("id", u.userId()).addValue("email", u.email())
                .addValue("name", u.name()).addValue("role", u.role()).addValue("status", u.status())
                .addValue("created", u.createdAt() == null ? null : Utc.toDb(u.createdAt()))
                .addValue("now", now)).toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO custodian (workspace_id, user_id, email, name, role, status, created_at, synced_at)
                VALUES (:ws, :id, :email, :name, :role, :status, :created, :now)
                ON DUPLICATE KEY UPDATE email = VALUES(email), name = VALUES(name), role = VALUES(role),
                                        status = VALUES(status), synced_at = VALUES(synced_at)
                """, batch);
    }

    /** Audit records of what this page changes in a directory that already exists. */
    private List<AuditRecord> changes(List<Custodian> users) {
        String ws = users.get(0).workspaceId();
        Long known = jdbc.queryForObject("SELECT COUNT(*) FROM custodian WHERE workspace_id = :ws",
                new MapSqlParameterSource("ws", ws), Long.class);
        if (known == null || known == 0) {
            return List.of();
        }
        Map<String, String[]> before = new HashMap<>();
        jdbc.query("SELECT user_id, role, status FROM custodian WHERE workspace_id = :ws AND user_id IN (:ids)",
                new MapSqlParameterSource("ws", ws).addValue("ids", users.stream().map(Custodian::userId).toList()),
                rs -> {
                    before.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3)});
                });
        List<AuditRecord> records = new ArrayList<>();
        for (Custodian u : users) {
            String[] old = before.get(u.userId());
            if (old == null) {
                records.add(record("CustodianJoined", u, Map.of("role", String.valueOf(u.role()), "status", String.valueOf(u.status()))));
                continue;
            }
            if (!Objects.equals(old[0], u.role())) {
                records.add(record("CustodianRoleChanged", u, Map.of("oldRole", String.valueOf(old[0]), "newRole", String.valueOf(u.role()))));
            }
            if (!Objects.equals(old[1], u.status())) {
                records.add(record("CustodianStatusChanged", u, Map.of("oldStatus", String.valueOf(old[1]), "newStatus", String.valueOf(u.status()))));
            }
        }
        return records;
    }

    private AuditRecord record(String operation, Custodian u, Map<String, String> change) {
        Map<String, Object> details = new LinkedHashMap<>(change);
        details.put("workspaceId", u.workspaceId());
        details.put("email", u.email());
        return auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, operation, SYNC_USER, u.userId(), details);
    }
}

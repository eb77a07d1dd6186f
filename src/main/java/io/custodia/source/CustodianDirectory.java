package io.custodia.source;

import io.custodia.support.Utc;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/** Keeps the custodian directory in step with the workspace's users list. */
@Component("custodianDirectory")
public class CustodianDirectory {

    private final NamedParameterJdbcTemplate jdbc;

    public CustodianDirectory(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void upsert(List<Custodian> users) {
        if (users == null || users.isEmpty()) {
            return;
        }
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
}

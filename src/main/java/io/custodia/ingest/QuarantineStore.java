package io.custodia.ingest;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;

/** Keeps what could not be processed, with the reason and the raw bytes, once per source and reference. */
@Component
public class QuarantineStore {

    private static final Logger log = LoggerFactory.getLogger(QuarantineStore.class);

    private final JdbcTemplate jdbc;

    public QuarantineStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void put(String workspaceId, String source, String reference, String reason, byte[] raw) {
        put(workspaceId, null, source, reference, reason, raw);
    }

    /**
     * @param stream the workspace stream it came from (Logs Platform event type, {@code USERS} …), if known
     * @param source what quarantined it: {@code ingest} (a staged line), {@code collect} (a listing page or a
     *               downloaded file)
     */
    public void put(String workspaceId, String stream, String source, String reference, String reason, byte[] raw) {
        String why = reason == null ? "unknown" : reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        log.warn("Quarantined {} {}: {}", source, reference, why);
        jdbc.update("""
                INSERT INTO quarantine (workspace_id, stream, source, reference, reason, raw, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE reason = VALUES(reason), stream = COALESCE(VALUES(stream), stream)""",
                workspaceId, stream, source, reference, why, raw, Utc.now());
    }

    public void put(String workspaceId, String source, String reference, String reason, String raw) {
        put(workspaceId, source, reference, reason, raw == null ? null : raw.getBytes(StandardCharsets.UTF_8));
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM quarantine", Long.class);
        return n == null ? 0 : n;
    }
}

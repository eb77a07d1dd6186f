package io.custodia.feeds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.support.Utc;

/** Feed state for operators and metrics, dead-letter listing and replay. */
@Service
public class FeedOperations {

    /** A dead-lettered event. */
    public record DeadLetter(long id, long eventSeq, String eventId, String eventType, int attempts, String error,
                             String status, Instant failedAt, Instant replayRequestedAt, Instant replayedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final FeedProperties props;
    private final FeedStats stats;
    private final AuditRecords auditRecords;
    private final AuditLog auditLog;

    public FeedOperations(NamedParameterJdbcTemplate jdbc, FeedProperties props, FeedStats stats,
                          AuditRecords auditRecords, AuditLog auditLog) {
        this.jdbc = jdbc;
        this.props = props;
        this.stats = stats;
        this.auditRecords = auditRecords;
        this.auditLog = auditLog;
    }

    public List<FeedStatus> all() {
        List<FeedStatus> out = new ArrayList<>();
        props.feeds().keySet().forEach(name -> out.add(status(name)));
        return out;
    }

    /** Outbox events after the feed's cursor: one count, for gauges scraped often. */
    public long backlog(String name) {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM outbox_event o
                WHERE o.seq > COALESCE((SELECT c.cursor_seq FROM feed_cursor c WHERE c.feed = :feed), 0)""",
                Map.of("feed", name), Long.class);
        return n == null ? 0 : n;
    }

    public FeedStatus status(String name) {
        FeedProperties.Feed feed = props.feed(name);
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT c.cursor_seq, c.owner,
                       (SELECT COUNT(*) FROM outbox_event o WHERE o.seq > COALESCE(c.cursor_seq, 0)) AS backlog,
                       (SELECT COALESCE(SUM(g.to_seq - g.from_seq + 1), 0) FROM feed_gap g WHERE g.feed = :feed) AS gaps,
                       (SELECT COUNT(*) FROM feed_dead_letter d WHERE d.feed = :feed AND d.status <> 'REPLAYED') AS dead
                FROM (SELECT :feed AS feed) f LEFT JOIN feed_cursor c ON c.feed = f.feed""", Map.of("feed", name));
        FeedStats.Counters c = stats.of(name);
        return new FeedStatus(name, feed.type(), feed.format(), feed.safeUrl(), feed.events(), feed.minSeverity(),
                feed.workspaces(), feed.enabled(), feed.includeContent(), num(row.get("cursor_seq")),
                num(row.get("backlog")), num(row.get("gaps")), c.delivered(), c.retried(), c.deadLettered(),
                num(row.get("dead")), c.lastError(), c.lastErrorAt(), c.lastDeliveryAt(), (String) row.get("owner"));
    }

    public List<DeadLetter> deadLetters(String feed, int limit) {
        props.feed(feed);
        return jdbc.query("""
                SELECT id, event_seq, event_id, event_type, attempts, error, status, failed_at, replay_requested_at, replayed_at
                FROM feed_dead_letter WHERE feed = :feed ORDER BY id DESC LIMIT :limit""",
                new MapSqlParameterSource("feed", feed).addValue("limit", limit),
                (rs, n) -> new DeadLetter(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), ts(rs.getObject(8, java.time.LocalDateTime.class)),
                        ts(rs.getObject(9, java.time.LocalDateTime.class)), ts(rs.getObject(10, java.time.LocalDateTime.class))));
    }

    /**
     * Queues dead letters for delivery again (all of the feed's, or those ids); the feed delivers them
     * with its next poll. Audited as {@code FeedDeadLettersReplayed}.
     *
     * @return how many were queued
     */
    @Transactional
    public int replay(String feed, List<Long> ids, String user) {
        props.feed(feed);
        MapSqlParameterSource p = new MapSqlParameterSource("feed", feed);
        String which = "";
        if (ids != null && !ids.isEmpty()) {
            p.addValue("ids", ids);
            which = " AND id IN (:ids)";
        }
        int n = jdbc.update("UPDATE feed_dead_letter SET status = 'REPLAY', replay_requested_at = UTC_TIMESTAMP(6) "
                + "WHERE feed = :feed AND status = 'DEAD'" + which, p);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("feed", feed);
        details.put("ids", ids == null ? List.of() : ids);
        details.put("queued", n);
        auditLog.append(auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, "FeedDeadLettersReplayed", user, feed, details));
        return n;
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Instant ts(java.time.LocalDateTime t) {
        return Utc.fromDb(t);
    }
}

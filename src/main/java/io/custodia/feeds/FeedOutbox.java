package io.custodia.feeds;

import java.net.InetAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.support.Utc;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A feed's reader over {@code outbox_event}: claims the next batch (events in gaps that filled, dead
 * letters to replay, then new events in {@code seq} order, only those older than the settle delay),
 * and commits what became of it — cursor, gaps, dead letters, counters — in one transaction. Only the
 * hub node holding the feed's lease reads and commits, so a cluster delivers each feed once.
 */
@Component("feedOutbox")
public class FeedOutbox {

    public static final String FEED = "CustodiaFeed";
    public static final String BATCH = "CustodiaFeedBatch";
    public static final String MORE = "CustodiaFeedMore";
    public static final String EVENT = "CustodiaFeedEvent";
    /** Set while a batching destination (hec, kafka, rabbitmq, syslog, file) sends the whole batch. */
    public static final String SENDING = "CustodiaFeedSending";
    /** Tries so far of the step being retried (counted by {@link FeedRetries}). */
    public static final String ATTEMPTS = "CustodiaFeedAttempts";

    private static final Logger log = LoggerFactory.getLogger(FeedOutbox.class);
    private static final String COLUMNS = "o.seq, o.id, o.event_type, o.severity, o.occurred_at, o.created_at, "
            + "o.workspace_id, o.mailbox_id, o.custodian, o.payload";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FeedProperties props;
    private final FeedStats stats;
    private final FeedEnricher enricher;
    private final JsonMapper json;
    private final String node;

    public FeedOutbox(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, FeedProperties props, FeedStats stats,
                      FeedEnricher enricher, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
        this.stats = stats;
        this.enricher = enricher;
        this.json = json;
        this.node = host() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This hub node, as written to {@code feed_cursor.owner}. */
    public String node() {
        return node;
    }

    // ------------------------------------------------------------------ route steps

    /** Claims the next batch of the feed named by header {@code CustodiaFeed}; the body becomes its events. */
    public void claim(Exchange exchange) {
        String feed = exchange.getIn().getHeader(FEED, String.class);
        // a stopping hub starts no new batch: what is left is delivered after the restart
        boolean stopping = exchange.getContext().isStopping() || exchange.getContext().isStopped();
        FeedBatch batch = stopping ? FeedBatch.notOwner(feed) : claim(feed);
        exchange.setProperty(BATCH, batch);
        exchange.setProperty(MORE, batch.more());
        exchange.removeProperty(EVENT);
        exchange.removeProperty(ATTEMPTS);
        exchange.removeProperty(SENDING);
        exchange.getIn().setBody(batch.events());
    }

    /** Records that the exchange's event (property {@code CustodiaFeedEvent}) was delivered. */
    public void delivered(Exchange exchange) {
        FeedBatch batch = exchange.getProperty(BATCH, FeedBatch.class);
        FeedEvent event = exchange.getProperty(EVENT, FeedEvent.class);
        batch.delivered(event);
        stats.delivered(batch.feed(), 1);
    }

    /** Records that a batching destination accepted every event of the batch not dead-lettered. */
    public void deliveredAll(Exchange exchange) {
        FeedBatch batch = exchange.getProperty(BATCH, FeedBatch.class);
        List<FeedEvent> pending = batch.pending();
        pending.forEach(batch::delivered);
        stats.delivered(batch.feed(), pending.size());
        exchange.removeProperty(SENDING);
    }

    public void commit(Exchange exchange) {
        commit(exchange.getProperty(BATCH, FeedBatch.class));
    }

    // ------------------------------------------------------------------ claim

    FeedBatch claim(String feedName) {
        FeedProperties.Feed feed = props.feed(feedName);
        FeedProperties.OutboxSettings settings = props.outbox();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("feed", feedName).addValue("node", node)
                .addValue("lease", Math.max(1, settings.lease().toSeconds()));
        createCursor(feedName, feed, p);
        int owned = jdbc.update("""
                UPDATE feed_cursor SET owner = :node, lease_until = DATE_ADD(UTC_TIMESTAMP(6), INTERVAL :lease SECOND)
                WHERE feed = :feed AND (owner IS NULL OR owner = :node OR lease_until < UTC_TIMESTAMP(6))""", p);
        if (owned == 0) {
            return FeedBatch.notOwner(feedName);
        }
        long cursor = jdbc.queryForObject("SELECT cursor_seq FROM feed_cursor WHERE feed = :feed", p, Long.class);
        Instant now = dbNow();

        // 1. holes stepped over earlier: rows that have committed since
        List<Gaps.Range> gaps = jdbc.query("SELECT from_seq, to_seq, seen_at FROM feed_gap WHERE feed = :feed ORDER BY from_seq",
                p, (rs, n) -> new Gaps.Range(rs.getLong(1), rs.getLong(2), Utc.fromDb(rs.getObject(3, java.time.LocalDateTime.class))));
        List<FeedEvent> late = gaps.isEmpty() ? List.of() : jdbc.query("SELECT " + COLUMNS + """
                 FROM outbox_event o JOIN feed_gap g ON o.seq BETWEEN g.from_seq AND g.to_seq
                WHERE g.feed = :feed ORDER BY o.seq""", p, (rs, n) -> event(rs, feed));
        // 2. dead letters an operator asked to replay
        List<FeedEvent> replays = jdbc.query("SELECT " + COLUMNS + """
                 FROM feed_dead_letter d JOIN outbox_event o ON o.seq = d.event_seq
                WHERE d.feed = :feed AND d.status = 'REPLAY' ORDER BY o.seq LIMIT :limit""",
                new MapSqlParameterSource(p.getValues()).addValue("limit", feed.batchSize()), (rs, n) -> event(rs, feed));
        // 3. new events, leaving the youngest for the next poll
        // the feed reads every row (to see the holes) but the payload only of the types it delivers
        String columns = feed.events().isEmpty() ? COLUMNS
                : COLUMNS.replace("o.payload", "CASE WHEN o.event_type IN (:types) THEN o.payload END AS payload");
        List<FeedEvent> fresh = jdbc.query("SELECT " + columns + """
                 FROM outbox_event o
                WHERE o.seq > :cursor AND o.created_at <= DATE_SUB(UTC_TIMESTAMP(6), INTERVAL :settle MICROSECOND)
                ORDER BY o.seq LIMIT :limit""", new MapSqlParameterSource(p.getValues()).addValue("cursor", cursor)
                .addValue("settle", settings.settle().toNanos() / 1000).addValue("limit", feed.batchSize())
                .addValue("types", feed.events()), (rs, n) -> event(rs, feed));

        long cursorAfter = fresh.isEmpty() ? cursor : fresh.get(fresh.size() - 1).seq();
        List<Long> lateSeqs = late.stream().map(FeedEvent::seq).toList();
        List<Gaps.Range> gapsAfter = new ArrayList<>(Gaps.remaining(gaps, lateSeqs, now.minus(settings.gapTimeout())));
        gapsAfter.addAll(Gaps.between(cursor, fresh.stream().map(FeedEvent::seq).toList(), now));
        if (!late.isEmpty()) {
            log.info("Feed {}: {} event(s) committed late below the cursor (seq {}), delivering them now", feedName,
                    late.size(), lateSeqs);
        }

        Map<Long, FeedEvent> ordered = new LinkedHashMap<>();
        for (List<FeedEvent> part : List.of(late, replays, fresh)) {
            for (FeedEvent e : part) {
                if (feed.accepts(e.type(), e.severity(), e.workspaceId())) {
                    ordered.putIfAbsent(e.seq(), e);
                }
            }
        }
        List<FeedEvent> events = enricher.enrich(feed, new ArrayList<>(ordered.values()));
        // dead letters the feed's filters no longer take are put back as they were
        Set<Long> replaySeqs = new HashSet<>();
        List<Long> replaysRefused = new ArrayList<>();
        replays.forEach(e -> (ordered.containsKey(e.seq()) ? replaySeqs : replaysRefused).add(e.seq()));
        if (!replaysRefused.isEmpty()) {
            jdbc.update("UPDATE feed_dead_letter SET status = 'DEAD' WHERE feed = :feed AND event_seq IN (:seqs)",
                    new MapSqlParameterSource("feed", feedName).addValue("seqs", replaysRefused));
        }
        return new FeedBatch(feedName, cursor, cursorAfter, events, gaps, gapsAfter, replaySeqs,
                fresh.size() == feed.batchSize() || replays.size() == feed.batchSize());
    }

    /**
     * A new feed's cursor: 0 for {@code earliest} (holes below the oldest row are watched like any gap,
     * so a row still being committed is not missed), the newest seq for {@code latest}. Plain reads only:
     * a locking read of outbox_event (INSERT … SELECT) would wait for every open publishing transaction.
     */
    private void createCursor(String feedName, FeedProperties.Feed feed, MapSqlParameterSource p) {
        Long existing = jdbc.query("SELECT cursor_seq FROM feed_cursor WHERE feed = :feed", p,
                rs -> rs.next() ? rs.getLong(1) : null);
        if (existing != null) {
            return;
        }
        long start = "latest".equals(feed.startFrom())
                ? jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM outbox_event", Map.of(), Long.class) : 0;
        jdbc.update("INSERT IGNORE INTO feed_cursor (feed, cursor_seq, updated_at) VALUES (:feed, :start, UTC_TIMESTAMP(6))",
                new MapSqlParameterSource(p.getValues()).addValue("start", start));
        log.info("Feed {}: new cursor at seq {} ({})", feedName, start, feed.startFrom());
    }

    /** A row as an event; its payload is parsed only when the feed (null: any) delivers it. */
    private FeedEvent event(ResultSet rs, FeedProperties.Feed feed) throws SQLException {
        String type = rs.getString("event_type");
        boolean wanted = feed == null || feed.accepts(type, rs.getString("severity"), rs.getString("workspace_id"));
        String raw = wanted ? rs.getString("payload") : null;
        ObjectNode payload;
        if (raw == null) {
            payload = json.createObjectNode();
        } else {
            try {
                payload = json.readTree(raw) instanceof ObjectNode o ? o : wrap(raw);
            } catch (JacksonException e) {
                payload = wrap(raw); // rendered all the same: a producer's bug must not stop the feed
            }
        }
        Long mailbox = rs.getLong("mailbox_id");
        if (rs.wasNull()) {
            mailbox = null;
        }
        return new FeedEvent(rs.getLong("seq"), rs.getString("id"), type, rs.getString("severity"),
                Utc.fromDb(rs.getObject("occurred_at", java.time.LocalDateTime.class)),
                Utc.fromDb(rs.getObject("created_at", java.time.LocalDateTime.class)), rs.getString("workspace_id"),
                mailbox, rs.getString("custodian"), payload, null, null);
    }

    private ObjectNode wrap(String raw) {
        ObjectNode o = json.createObjectNode();
        o.put("raw", raw);
        return o;
    }

    /** Outbox events after {@code seq}, in order, unfiltered (the bench's read ceiling, diagnostics). */
    List<FeedEvent> page(long afterSeq, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outbox_event o WHERE o.seq > :seq ORDER BY o.seq LIMIT :limit",
                new MapSqlParameterSource("seq", afterSeq).addValue("limit", limit), (rs, n) -> event(rs, null));
    }

    // ------------------------------------------------------------------ commit

    /** Cursor, gaps, dead letters, replays and counters of a batch, in one transaction. */
    void commit(FeedBatch batch) {
        if (batch == null || !batch.owned() || batch.isAborted() || !batch.markCommitted()) {
            return;
        }
        String feed = batch.feed();
        List<FeedBatch.DeadLetter> dead = batch.deadLetters();
        Set<Long> delivered = batch.deliveredSeqs();
        tx.executeWithoutResult(status -> {
            int updated = jdbc.update("""
                    UPDATE feed_cursor SET cursor_seq = GREATEST(cursor_seq, :cursor), delivered = delivered + :delivered,
                           retried = retried + :retried, dead_lettered = dead_lettered + :dead,
                           last_delivery_at = IF(:delivered > 0, UTC_TIMESTAMP(6), last_delivery_at),
                           lease_until = DATE_ADD(UTC_TIMESTAMP(6), INTERVAL :lease SECOND), updated_at = UTC_TIMESTAMP(6)
                    WHERE feed = :feed AND owner = :node""", new MapSqlParameterSource().addValue("feed", feed)
                    .addValue("node", node).addValue("cursor", batch.cursorAfter()).addValue("delivered", delivered.size())
                    .addValue("retried", batch.retriedCount()).addValue("dead", dead.size())
                    .addValue("lease", Math.max(1, props.outbox().lease().toSeconds())));
            if (updated == 0) {
                throw new IllegalStateException("feed " + feed + ": another hub node took the lease; this batch is "
                        + "left to it (its events may arrive twice)");
            }
            if (!batch.gapsBefore().equals(batch.gapsAfter())) {
                jdbc.update("DELETE FROM feed_gap WHERE feed = :feed", Map.of("feed", feed));
                jdbc.batchUpdate("INSERT INTO feed_gap (feed, from_seq, to_seq, seen_at) VALUES (:feed, :from, :to, :seen)",
                        batch.gapsAfter().stream().map(g -> new MapSqlParameterSource().addValue("feed", feed)
                                .addValue("from", g.from()).addValue("to", g.to()).addValue("seen", Utc.toDb(g.seenAt())))
                                .toArray(SqlParameterSource[]::new));
            }
            // failed_at is a parameter: Connector/J (3.5.8) rewrites a batch whose VALUES hold a function call
            // (UTC_TIMESTAMP(6)) followed by ON DUPLICATE KEY UPDATE into a statement the server refuses from the
            // second row on ("Column count doesn't match value count"), which left a batch feed unable to dead-letter
            var failedAt = Utc.now();
            jdbc.batchUpdate("""
                    INSERT INTO feed_dead_letter (feed, event_seq, event_id, event_type, attempts, error, status, failed_at)
                    VALUES (:feed, :seq, :id, :type, :attempts, :error, 'DEAD', :failed)
                    ON DUPLICATE KEY UPDATE attempts = VALUES(attempts), error = VALUES(error), status = 'DEAD',
                                            failed_at = VALUES(failed_at)""",
                    dead.stream().map(d -> new MapSqlParameterSource().addValue("feed", feed).addValue("seq", d.event().seq())
                            .addValue("id", d.event().id()).addValue("type", d.event().type())
                            .addValue("attempts", d.attempts()).addValue("error", truncate(d.error(), 2048))
                            .addValue("failed", failedAt))
                            .toArray(SqlParameterSource[]::new));
            List<Long> replayed = batch.replays().stream().filter(delivered::contains).toList();
            if (!replayed.isEmpty()) {
                jdbc.update("""
                        UPDATE feed_dead_letter SET status = 'REPLAYED', replayed_at = UTC_TIMESTAMP(6)
                        WHERE feed = :feed AND event_seq IN (:seqs) AND status = 'REPLAY'""",
                        new MapSqlParameterSource().addValue("feed", feed).addValue("seqs", replayed));
            }
        });
        if (!dead.isEmpty()) {
            stats.deadLettered(feed, dead.size());
            log.warn("Feed {}: {} event(s) dead-lettered after their last attempt: {}", feed, dead.size(),
                    dead.get(dead.size() - 1).error());
        }
    }

    /** Keeps the lease while a destination is retried for longer than the lease. */
    void renewLease(String feed) {
        jdbc.update("""
                UPDATE feed_cursor SET lease_until = DATE_ADD(UTC_TIMESTAMP(6), INTERVAL :lease SECOND)
                WHERE feed = :feed AND owner = :node""", new MapSqlParameterSource().addValue("feed", feed)
                .addValue("node", node).addValue("lease", Math.max(1, props.outbox().lease().toSeconds())));
    }

    /**
     * Gives the feeds' leases up when this hub stops, so another node (or the restarted hub) goes on at
     * once. Bounded: when the database is already going away (an embedded one stops with the JVM) the
     * leases simply expire.
     */
    @jakarta.annotation.PreDestroy
    void releaseLeases() {
        if (jdbc.getJdbcTemplate().getDataSource() instanceof com.zaxxer.hikari.HikariDataSource pool
                && (pool.isClosed() || pool.getHikariPoolMXBean() == null
                || pool.getHikariPoolMXBean().getIdleConnections() == 0)) {
            return; // no connection at hand: asking for one now would only hold the shutdown up
        }
        Thread release = new Thread(() -> {
            try {
                jdbc.update("UPDATE feed_cursor SET owner = NULL, lease_until = NULL WHERE owner = :node", Map.of("node", node));
            } catch (RuntimeException e) {
                log.debug("Could not release the feed leases: {}", e.toString());
            }
        }, "feed-lease-release");
        release.setDaemon(true);
        release.start();
        try {
            release.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ purge

    /**
     * Deletes outbox events older than {@code custodia.outbox.keep} that every configured feed has passed,
     * keeping those a feed still owes (in a gap, or dead-lettered and not yet replayed).
     */
    public int purge() {
        List<String> feeds = List.copyOf(props.feeds().keySet());
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("before", Utc.toDb(Instant.now().minus(props.outbox().keep())));
        String limit = "";
        if (!feeds.isEmpty()) {
            Long min = jdbc.queryForObject("SELECT MIN(cursor_seq) FROM feed_cursor WHERE feed IN (:feeds)",
                    new MapSqlParameterSource("feeds", feeds), Long.class);
            long known = jdbc.queryForObject("SELECT COUNT(*) FROM feed_cursor WHERE feed IN (:feeds)",
                    new MapSqlParameterSource("feeds", feeds), Long.class);
            if (min == null || known < feeds.size()) {
                return 0; // a configured feed has not started yet: it may want everything
            }
            p.addValue("max", min);
            limit = " AND o.seq <= :max";
        }
        int n = jdbc.update("""
                DELETE o FROM outbox_event o
                WHERE o.created_at < :before""" + limit + """
                  AND NOT EXISTS (SELECT 1 FROM feed_dead_letter d WHERE d.event_seq = o.seq AND d.status <> 'REPLAYED')
                  AND NOT EXISTS (SELECT 1 FROM feed_gap g WHERE o.seq BETWEEN g.from_seq AND g.to_seq)""", p);
        if (n > 0) {
            log.info("Purged {} delivered outbox event(s) older than {}", n, props.outbox().keep());
        }
        return n;
    }

    // ------------------------------------------------------------------ helpers

    private Instant dbNow() {
        return Utc.fromDb(jdbc.getJdbcTemplate().queryForObject("SELECT UTC_TIMESTAMP(6)", java.time.LocalDateTime.class));
    }

    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "hub";
        }
    }

}

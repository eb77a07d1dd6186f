package io.custodia.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.custodia.support.Utc;

/**
 * An auto-increment {@code seq} is taken at insert time: a transaction that inserted earlier can commit
 * after a later one is visible, and well after the settle delay. The feed steps over the hole, remembers
 * it, and delivers the late row when it commits.
 */
class OutboxGapTest extends FeedsIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aRowCommittedLateBelowTheCursorIsStillDelivered() throws Exception {
        String run = UUID.randomUUID().toString();
        try (Connection slow = dataSource.getConnection(); Connection fast = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            long lateSeq = insert(slow, run + "-late");
            long earlySeq = insert(fast, run + "-early");
            assertThat(lateSeq).isLessThan(earlySeq);
            // the later row is delivered, the feed's cursor passes the hole the open transaction leaves
            await().atMost(Duration.ofSeconds(60)).until(() -> ids().contains(run + "-early"));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT cursor_seq FROM feed_cursor WHERE feed = 'gaps'", Long.class) >= earlySeq);
            assertThat(new FeedOperationsView(hub).feed("gaps").gaps()).isPositive();
            Thread.sleep(3000); // far beyond the settle delay: a reader of "seq > cursor" alone has lost it now
            assertThat(ids()).doesNotContain(run + "-late");
            slow.commit();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids().contains(run + "-late"));
        List<String> ids = ids();
        assertThat(ids.indexOf(run + "-late")).isGreaterThan(ids.indexOf(run + "-early"));
        assertThat(ids.stream().filter(id -> id.startsWith(run))).hasSize(2);
    }

    private static long insert(Connection c, String id) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO outbox_event (id, event_type, severity, occurred_at, payload, created_at)
                VALUES (?, 'test.gap', 'info', ?, ?, ?)""", PreparedStatement.RETURN_GENERATED_KEYS)) {
            LocalDateTime now = Utc.now();
            s.setString(1, UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString());
            s.setObject(2, now);
            s.setString(3, "{\"action\":\"create\",\"name\":\"" + id + "\"}");
            s.setObject(4, now);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The names of the events delivered to the gap feed's files, in order. */
    private List<String> ids() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(FeedPeers.GAPS)) {
            for (Path f : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines.stream().map(l -> FeedFixtures.json(l).path("data").path("name").asString()).toList();
    }
}

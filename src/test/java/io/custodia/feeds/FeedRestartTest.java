package io.custodia.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.CustodiaApplication;
import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;

/**
 * Nothing is lost across a hub restart in the middle of delivery: the first hub delivers part of the
 * outbox, then its destination fails and the hub stops while retrying; the second hub, on the same
 * database, delivers the rest. Every event arrives (some possibly twice), none is dead-lettered.
 */
class FeedRestartTest {

    private static final int EVENTS = 400;

    @Test
    void aRestartedHubDeliversWhatTheStoppedOneHadNot() throws Exception {
        String schema = "feeds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        AtomicBoolean down = new AtomicBoolean();
        try (HttpReceiver receiver = new HttpReceiver()) {
            receiver.respond("/in", r -> {
                if (!down.get() && receiver.accepted("/in").size() >= 150) {
                    down.set(true); // the destination fails part-way through
                }
                return down.get() ? 503 : 200;
            });
            List<String> ids = new ArrayList<>();
            try (ConfigurableApplicationContext hub = start(schema, receiver.url("/in"))) {
                Outbox outbox = hub.getBean(Outbox.class);
                OutboxEvents events = hub.getBean(OutboxEvents.class);
                List<OutboxEvent> batch = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    OutboxEvent e = events.event("test.restart", "info", schema + ":" + i, Instant.now(), "ws-1", null,
                            "user" + (i % 7) + "@example.com", Map.of("action", "create", "message", "event " + i));
                    batch.add(e);
                    ids.add(e.id());
                }
                outbox.publish(batch);
                await().atMost(Duration.ofMinutes(2)).until(down::get);
                await().atMost(Duration.ofMinutes(1)).until(() -> receiver.requests("/in").stream().anyMatch(r -> r.status() == 503));
            } // stops while the feed retries the event the destination refuses
            Set<String> afterFirst = accepted(receiver);
            assertThat(afterFirst).hasSizeGreaterThanOrEqualTo(150).hasSizeLessThan(EVENTS);

            down.set(false);
            receiver.respond("/in", r -> 200);
            try (ConfigurableApplicationContext hub = start(schema, receiver.url("/in"))) {
                await().atMost(Duration.ofMinutes(3)).until(() -> accepted(receiver).size() == EVENTS);
                assertThat(accepted(receiver)).containsExactlyInAnyOrderElementsOf(ids);
                JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feed_dead_letter", Long.class)).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                        "SELECT cursor_seq FROM feed_cursor WHERE feed = 'out'", Long.class)
                        .equals(jdbc.queryForObject("SELECT MAX(seq) FROM outbox_event", Long.class)));
            }
            // redelivered at most what was in flight when the first hub stopped
            long duplicates = receiver.accepted("/in").size() - EVENTS;
            assertThat(duplicates).isBetween(0L, 500L);
        }
    }

    private static Set<String> accepted(HttpReceiver receiver) {
        Set<String> ids = new LinkedHashSet<>();
        receiver.accepted("/in").forEach(r -> ids.add(r.header("X-Custodia-Event-Id")));
        return ids;
    }

    private static ConfigurableApplicationContext start(String schema, String url) {
        // no collection: the test publishes its own events; command-line arguments outrank the test profile
        return new SpringApplicationBuilder(CustodiaApplication.class).profiles("test").run(
                "--server.port=0", "--custodia.embedded-db.database=" + schema,
                "--custodia.workspaces[0].id=7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70",
                "--custodia.workspaces[0].api-key=sim-demo-key", "--custodia.workspaces[0].enabled=false",
                "--custodia.ingest.launch-on-startup=false",
                "--custodia.outbox.settle=200ms",
                "--custodia.feeds.out.type=webhook", "--custodia.feeds.out.url=" + url,
                "--custodia.feeds.out.batch-size=50", "--custodia.feeds.out.poll-interval=200ms",
                "--custodia.feeds.out.retry-delay=200ms", "--custodia.feeds.out.retry-max-delay=1s",
                "--custodia.feeds.out.max-attempts=1000");
    }
}

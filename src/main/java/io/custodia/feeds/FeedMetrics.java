package io.custodia.feeds;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The feed counters as Micrometer meters, tagged {@code feed}: {@code custodia.feed.delivered},
 * {@code custodia.feed.retried}, {@code custodia.feed.dead.lettered} (counters), {@code custodia.feed.cursor},
 * {@code custodia.feed.backlog}, {@code custodia.feed.dead.letters} (gauges, read from the database when scraped).
 */
@Component
class FeedMetrics {

    private static final Logger log = LoggerFactory.getLogger(FeedMetrics.class);

    private final FeedProperties props;
    private final FeedStats stats;
    private final FeedOperations operations;
    private final ObjectProvider<MeterRegistry> registry;

    FeedMetrics(FeedProperties props, FeedStats stats, FeedOperations operations, ObjectProvider<MeterRegistry> registry) {
        this.props = props;
        this.stats = stats;
        this.operations = operations;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        MeterRegistry r = registry.getIfAvailable();
        if (r == null) {
            return;
        }
        for (String feed : props.feeds().keySet()) {
            FeedStats.Counters c = stats.of(feed);
            FunctionCounter.builder("custodia.feed.delivered", c, FeedStats.Counters::delivered).tag("feed", feed)
                    .description("events delivered (at least once: a redelivery counts again)").register(r);
            FunctionCounter.builder("custodia.feed.retried", c, FeedStats.Counters::retried).tag("feed", feed)
                    .description("delivery retries").register(r);
            FunctionCounter.builder("custodia.feed.dead.lettered", c, FeedStats.Counters::deadLettered).tag("feed", feed)
                    .description("events dead-lettered after their last attempt").register(r);
            Gauge.builder("custodia.feed.cursor", () -> read(feed, FeedStatus::cursor)).tag("feed", feed)
                    .description("outbox seq the feed has passed").register(r);
            Gauge.builder("custodia.feed.backlog", () -> read(feed, FeedStatus::backlog)).tag("feed", feed)
                    .description("outbox events after the feed's cursor").register(r);
            Gauge.builder("custodia.feed.dead.letters", () -> read(feed, FeedStatus::deadLetters)).tag("feed", feed)
                    .description("dead letters not replayed yet").register(r);
        }
    }

    private double read(String feed, java.util.function.ToLongFunction<FeedStatus> f) {
        try {
            return f.applyAsLong(operations.status(feed));
        } catch (RuntimeException e) {
            log.debug("feed {} metrics unavailable: {}", feed, e.toString());
            return Double.NaN;
        }
    }
}

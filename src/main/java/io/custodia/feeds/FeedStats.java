package io.custodia.feeds;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Live counters per feed (since the feed was created: they start from the persisted totals), the
 * last error, and the time of the last delivery. {@link FeedMetrics} publishes them to Micrometer.
 */
@Component
public class FeedStats {

    /** The counters of one feed. */
    public static final class Counters {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        volatile String lastError;
        volatile Instant lastErrorAt;
        volatile Instant lastDeliveryAt;

        public long delivered() {
            return delivered.get();
        }

        public long retried() {
            return retried.get();
        }

        public long deadLettered() {
            return deadLettered.get();
        }

        public String lastError() {
            return lastError;
        }

        public Instant lastErrorAt() {
            return lastErrorAt;
        }

        public Instant lastDeliveryAt() {
            return lastDeliveryAt;
        }
    }

    private final Map<String, Counters> feeds = new ConcurrentHashMap<>();

    public Counters of(String feed) {
        return feeds.computeIfAbsent(feed, f -> new Counters());
    }

    void start(String feed, long delivered, long retried, long deadLettered) {
        Counters c = of(feed);
        c.delivered.set(delivered);
        c.retried.set(retried);
        c.deadLettered.set(deadLettered);
    }

    void delivered(String feed, int n) {
        if (n > 0) {
            Counters c = of(feed);
            c.delivered.addAndGet(n);
            c.lastDeliveryAt = Instant.now();
        }
    }

    void retried(String feed, String error) {
        of(feed).retried.incrementAndGet();
        failed(feed, error);
    }

    void deadLettered(String feed, int n) {
        of(feed).deadLettered.addAndGet(n);
    }

    void failed(String feed, String error) {
        Counters c = of(feed);
        c.lastError = error;
        c.lastErrorAt = Instant.now();
    }
}

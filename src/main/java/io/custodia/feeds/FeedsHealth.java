package io.custodia.feeds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of each feed ({@code /actuator/health/feedDelivery/<feed>}, group {@code feeds}). A feed is DOWN
 * when events gave up on it: dead letters not replayed yet (someone must fix the destination and replay).
 * A destination that refuses for now is retried by the route with backoff and shows UP with
 * {@code failing: true} and its last error, like a workspace with transient API errors: taking the hub out
 * of service would not help the destination.
 */
@Component("feedDeliveryHealthContributor")
class FeedsHealth implements CompositeHealthContributor {

    private final FeedProperties props;
    private final FeedOperations operations;

    FeedsHealth(FeedProperties props, FeedOperations operations) {
        this.props = props;
        this.operations = operations;
    }

    /** Shown when no feed is configured, so that monitoring pointed at the group gets UP rather than 404. */
    private static final String NONE = "none";

    @Override
    public HealthContributor getContributor(String name) {
        if (props.feeds().isEmpty() && NONE.equals(name)) {
            return none();
        }
        return props.feeds().containsKey(name) ? indicator(name) : null;
    }

    @Override
    public Stream<Entry> stream() {
        if (props.feeds().isEmpty()) {
            return Stream.of(new Entry(NONE, none()));
        }
        return props.feeds().keySet().stream().map(name -> new Entry(name, indicator(name)));
    }

    private static HealthIndicator none() {
        return () -> Health.up().withDetail("note", "no feed configured (custodia.feeds.<name>.*)").build();
    }

    private HealthIndicator indicator(String name) {
        return () -> {
            FeedStatus s = operations.status(name);
            boolean failing = s.lastErrorAt() != null
                    && (s.lastDeliveryAt() == null || s.lastErrorAt().isAfter(s.lastDeliveryAt()));
            Health.Builder health = s.deadLetters() > 0 ? Health.down() : Health.up();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", s.type());
            d.put("enabled", s.enabled());
            d.put("cursor", s.cursor());
            d.put("backlog", s.backlog());
            d.put("deadLetters", s.deadLetters());
            d.put("failing", failing);
            d.put("lastError", s.lastError());
            d.put("lastErrorAt", s.lastErrorAt());
            d.put("lastDeliveryAt", s.lastDeliveryAt());
            if (s.deadLetters() > 0) {
                d.put("action", "fix the destination, then POST /api/v1/feeds/" + name + "/dead-letters/replay");
            }
            return health.withDetails(d).build();
        };
    }
}

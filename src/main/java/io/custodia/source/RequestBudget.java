package io.custodia.source;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Requests-per-minute budgets per workspace and per workspace route: requests are spaced evenly
 * ({@code 60 s / budget} apart), a caller waits for its slot. Every node of a cluster has its own budget
 * (Quartz runs each route on one node at a time).
 */
@Component
public class RequestBudget {

    /** How the wait happens; replaced in tests. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ResilienceProperties props;
    private final Sleeper sleeper;
    private final Map<String, long[]> next = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public RequestBudget(ResilienceProperties props) {
        this(props, d -> Thread.sleep(d.toMillis()));
    }

    RequestBudget(ResilienceProperties props, Sleeper sleeper) {
        this.props = props;
        this.sleeper = sleeper;
    }

    /** Waits until both the workspace's and the route's budget allow one more request. */
    public void acquire(String workspace, String route) throws InterruptedException {
        long wait = Math.max(reserve(workspace, props.workspaceBudget(workspace)),
                reserve(workspace + "|" + route, props.routeRequestsPerMinute()));
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    /** Reserves the next slot of {@code key}; returns how long to wait for it (ns). */
    private long reserve(String key, int perMinute) {
        if (perMinute <= 0) {
            return 0;
        }
        long spacing = 60_000_000_000L / perMinute;
        long[] slot = next.computeIfAbsent(key, k -> new long[]{Long.MIN_VALUE});
        synchronized (slot) {
            long now = System.nanoTime();
            long at = Math.max(now, slot[0]);
            slot[0] = at + spacing;
            return at - now;
        }
    }
}

package io.custodia.source.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.springframework.stereotype.Component;

import io.custodia.source.SourceProperties;
import io.custodia.source.Workspaces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Per workspace and stream, the figures of {@code GET /api/v1/sources} as gauges (the lag gauge
 * {@code custodia.source.lag} is {@code HubMetrics}'): {@code custodia.source.up} (1 up, 0 failing or key
 * refused), {@code custodia.source.last.success.age} (seconds since the last successful poll) and
 * {@code custodia.source.quarantined}, {@code custodia.source.behind} (checkpoint to the source's
 * {@code max_event_time}); the retries are the counter {@code custodia.source.retries{reason}}.
 * Read at most every 5 seconds.
 */
@Component
class SourceMetrics implements MeterBinder {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final SourceStatus status;
    private final Workspaces workspaces;
    private volatile List<SourceStatus.Workspace> snapshot = List.of();
    private volatile Instant readAt = Instant.EPOCH;

    SourceMetrics(SourceStatus status, Workspaces workspaces) {
        this.status = status;
        this.workspaces = workspaces;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            List<String> streams = new java.util.ArrayList<>(ws.eventTypes());
            streams.add(SourceStatus.USERS);
            for (String stream : streams) {
                gauge(registry, "custodia.source.up", "1 when the latest poll succeeded, 0 when it failed or the key was refused",
                        ws.id(), stream, s -> "UP".equals(s.state()) || "NOT_POLLED".equals(s.state()) ? 1 : 0);
                gauge(registry, "custodia.source.last.success.age", "Seconds since the latest successful poll (NaN before it)",
                        ws.id(), stream, s -> s.lastSuccess() == null ? Double.NaN
                                : Duration.between(s.lastSuccess(), Instant.now()).toMillis() / 1000.0);
                gauge(registry, "custodia.source.quarantined", "Entries this stream has in the quarantine",
                        ws.id(), stream, s -> s.quarantined());
                gauge(registry, "custodia.source.behind", "Seconds between the checkpoint and the newest event the source"
                                + " reports (max_event_time): backlog still to collect (NaN where freshness is not served)",
                        ws.id(), stream, s -> s.behindSourceSeconds() == null ? Double.NaN : s.behindSourceSeconds());
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String ws, String stream,
                       ToDoubleFunction<SourceStatus.Stream> value) {
        Gauge.builder(name, () -> {
            SourceStatus.Stream s = find(ws, stream);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(description).tag("workspace", ws).tag("stream", stream).register(registry);
    }

    private SourceStatus.Stream find(String ws, String stream) {
        if (readAt.plus(CACHE).isBefore(Instant.now())) {
            try {
                snapshot = status.all();
            } catch (RuntimeException e) {
                snapshot = List.of(); // database unreachable: the health endpoint says why
            }
            readAt = Instant.now();
        }
        for (SourceStatus.Workspace w : snapshot) {
            if (w.id().equals(ws)) {
                for (SourceStatus.Stream s : w.streams()) {
                    if (s.stream().equals(stream)) {
                        return s;
                    }
                }
            }
        }
        return null;
    }
}

package io.custodia.source;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;

/**
 * Outcome of the latest poll per workspace and stream, for health and operators. A change of state
 * (UP, DOWN, UNAUTHORIZED) is published to the outbox as {@code source.health.changed}; a stream's first
 * success is its normal start, not a change.
 */
@Component("sourceHealth")
public class SourceHealth {

    private static final Logger log = LoggerFactory.getLogger(SourceHealth.class);

    /** State of one workspace stream. */
    public record Status(String workspaceId, String stream, Instant lastSuccess, Instant lastFailure,
                         String lastError, boolean unauthorized) {

        /** UP, DOWN or UNAUTHORIZED, from the latest outcome. */
        public String state() {
            if (lastFailure == null || (lastSuccess != null && lastSuccess.isAfter(lastFailure))) {
                return "UP";
            }
            return unauthorized ? "UNAUTHORIZED" : "DOWN";
        }
    }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final Consumer<OutboxEvent> publisher;
    private final OutboxEvents events;
    private java.util.List<String> workspaceIds = List.of();
    private java.time.Duration unauthorizedBackoff = java.time.Duration.ofMinutes(15);

    @Autowired
    public SourceHealth(Outbox outbox, OutboxEvents events) {
        this(outbox::publish, events);
    }

    public SourceHealth(Consumer<OutboxEvent> publisher, OutboxEvents events) {
        this.publisher = publisher;
        this.events = events;
    }

    /** The configured workspaces (their index names the property to fix) and how long a refused key pauses. */
    @Autowired(required = false)
    void configure(SourceProperties source, ResilienceProperties resilience) {
        this.workspaceIds = source.workspaces().stream().map(SourceProperties.Workspace::id).toList();
        this.unauthorizedBackoff = resilience.unauthorizedBackoff();
    }

    /**
     * Whether a scheduled poll of this workspace should run: not while its key was refused (401/403) less
     * than {@code custodia.source.resilience.unauthorized-backoff} ago, so a wrong key is not hammered.
     * The other workspaces are not affected. A restart with a corrected key polls at once.
     */
    public boolean mayPoll(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        Instant now = Instant.now();
        for (Status s : statuses.values()) {
            if (s.workspaceId().equals(ws) && "UNAUTHORIZED".equals(s.state())
                    && s.lastFailure().plus(unauthorizedBackoff).isAfter(now)) {
                log.debug("Workspace {} paused: its API key was refused at {}", ws, s.lastFailure());
                return false;
            }
        }
        return true;
    }

    public void succeeded(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = exchange.getIn().getHeader(ComplianceApi.STREAM, String.class);
        Status[] before = new Status[1];
        Status now = statuses.compute(key(ws, stream), (k, old) -> {
            before[0] = old;
            return new Status(ws, stream, Instant.now(), old == null ? null : old.lastFailure(),
                    old == null ? null : old.lastError(), false);
        });
        changed(before[0], now);
    }

    public void failed(Exchange exchange) {
        record(exchange, false);
    }

    public void unauthorized(Exchange exchange) {
        record(exchange, true);
    }

    private void record(Exchange exchange, boolean unauthorized) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = exchange.getIn().getHeader(ComplianceApi.STREAM, String.class);
        String error = ApiErrors.describe(exchange);
        if (unauthorized) {
            int i = workspaceIds.indexOf(ws);
            error = "API key rejected (HTTP " + ApiErrors.status(exchange) + ") for workspace " + ws + ": check custodia.workspaces["
                    + (i < 0 ? "" : i) + "].api-key (environment or secret store) and that OpenAI granted the key the"
                    + " Compliance API read scope; this workspace is not polled again for " + unauthorizedBackoff
                    + " or until the hub restarts with a new key. (" + error + ")";
        }
        log.warn("Collection of workspace {} stream {} failed: {}", ws, stream, error);
        String message = error;
        Status[] before = new Status[1];
        Status now = statuses.compute(key(ws, stream), (k, old) -> {
            before[0] = old;
            return new Status(ws, stream, old == null ? null : old.lastSuccess(), Instant.now(), message, unauthorized);
        });
        changed(before[0], now);
    }

    /** Publishes a state change; a failure to publish is logged, never allowed to break collection. */
    private void changed(Status before, Status now) {
        String previous = before == null ? null : before.state();
        String state = now.state();
        if (state.equals(previous) || (previous == null && "UP".equals(state))) {
            return;
        }
        Instant at = "UP".equals(state) ? now.lastSuccess() : now.lastFailure();
        try {
            publisher.accept(events.sourceHealthChanged(now.workspaceId(), now.stream(), state, previous,
                    "UP".equals(state) ? null : now.lastError(), at));
        } catch (RuntimeException e) {
            log.warn("Could not publish the health change of workspace {} stream {} to {}: {}", now.workspaceId(),
                    now.stream(), state, e.toString());
        }
    }

    public List<Status> all() {
        return List.copyOf(statuses.values());
    }

    private static String key(String ws, String stream) {
        return ws + "|" + stream;
    }
}

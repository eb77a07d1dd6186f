package io.custodia.ops.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.custodia.source.SourceHealth;
import io.custodia.source.SourceProperties;
import io.custodia.source.Workspaces;
import io.custodia.source.ops.SourceStatus;

/**
 * Health of each workspace's collection ({@code /actuator/health/workspaces/<workspace-id>}, group {@code sources}), from the
 * outcome of its latest polls ({@link SourceHealth}). DOWN only when the API refused the workspace's key
 * (401/403: retrying cannot help, someone must act); transient failures (429, 5xx, timeouts) are retried
 * by the routes and show as UP with the error in the details. A workspace not polled yet is UP.
 */
@Component("workspacesHealthContributor")
class SourcesHealth implements CompositeHealthContributor {

    private final Workspaces workspaces;
    private final SourceHealth sourceHealth;
    private final SourceStatus sourceStatus;

    SourcesHealth(Workspaces workspaces, SourceHealth sourceHealth, SourceStatus sourceStatus) {
        this.workspaces = workspaces;
        this.sourceHealth = sourceHealth;
        this.sourceStatus = sourceStatus;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return workspaces.enabled().stream().filter(w -> w.id().equals(name)).findFirst()
                .map(this::indicator).orElse(null);
    }

    @Override
    public java.util.stream.Stream<Entry> stream() {
        return workspaces.enabled().stream().map(w -> new Entry(w.id(), indicator(w)));
    }

    private HealthIndicator indicator(SourceProperties.Workspace ws) {
        return () -> {
            SourceStatus.Workspace w = sourceStatus.all().stream().filter(x -> x.id().equals(ws.id())).findFirst().orElse(null);
            List<SourceHealth.Status> statuses = sourceHealth.all().stream()
                    .filter(s -> ws.id().equals(s.workspaceId())).toList();
            Health.Builder health = statuses.stream().anyMatch(SourceHealth.Status::unauthorized) ? Health.down() : Health.up();
            health.withDetail("name", ws.name());
            if (w != null && w.message() != null) {
                health.withDetail("message", w.message());
            }
            Map<String, Object> streams = new LinkedHashMap<>();
            for (SourceStatus.Stream s : w == null ? List.<SourceStatus.Stream>of() : w.streams()) {
                if ("NOT_POLLED".equals(s.state())) {
                    continue; // a stream appears once it has been polled (GET /api/v1/sources lists them all)
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("state", s.state());
                d.put("checkpoint", s.checkpoint());
                d.put("lagSeconds", s.lagSeconds());
                d.put("lastSuccess", s.lastSuccess());
                d.put("lastFailure", s.lastFailure());
                d.put("lastError", s.lastError());
                d.put("failing", s.lastFailure() != null && (s.lastSuccess() == null || s.lastFailure().isAfter(s.lastSuccess())));
                d.put("quarantined", s.quarantined());
                streams.put(s.stream(), d);
            }
            health.withDetail("streams", streams);
            if (statuses.isEmpty()) {
                health.withDetail("note", "not polled yet");
            }
            return health.build();
        };
    }
}

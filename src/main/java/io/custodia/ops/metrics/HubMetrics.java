package io.custodia.ops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.source.Cursors;
import io.custodia.source.SourceProperties;
import io.custodia.source.Workspaces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The hub's own gauges for {@code /actuator/prometheus} (Spring Batch and Camel add theirs):
 * <ul>
 *   <li>{@code custodia_staging_ready_files}: staged files waiting for ingest;</li>
 *   <li>{@code custodia_quarantine_records}: records that could not be ingested;</li>
 *   <li>{@code custodia_source_lag_seconds{workspace,stream}}: how far each stream's checkpoint is behind
 *       now (collection lag; grows by the poll interval between polls);</li>
 *   <li>{@code custodia_backlog{queue}}: every {@link BacklogSource}, alone or
 *       from {@link BacklogSources} (feeds: {@code feed:<name>}).</li>
 * </ul>
 * Database values are read at most every 5 seconds, however often Prometheus scrapes.
 */
@Component
class HubMetrics implements MeterBinder {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final Workspaces workspaces;
    private final ObjectProvider<BacklogSource> backlogs;
    private final ObjectProvider<BacklogSources> backlogGroups;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    HubMetrics(JdbcTemplate jdbc, Workspaces workspaces, ObjectProvider<BacklogSource> backlogs,
               ObjectProvider<BacklogSources> backlogGroups) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.backlogs = backlogs;
        this.backlogGroups = backlogGroups;
    }

    private record Cached(Instant at, double value) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("custodia.staging.ready.files", () -> cached("ready",
                        () -> count("SELECT COUNT(*) FROM staged_log_file WHERE status = 'READY'")))
                .description("Staged Logs Platform files waiting for the ingest job").register(registry);
        Gauge.builder("custodia.quarantine.records", () -> cached("quarantine", () -> count("SELECT COUNT(*) FROM quarantine")))
                .description("Records the hub could not ingest (kept with their reason)").register(registry);
        for (SourceProperties.Workspace ws : workspaces.enabled()) {
            List<String> streams = new java.util.ArrayList<>(ws.eventTypes());
            for (String stream : streams) {
                Gauge.builder("custodia.source.lag", () -> cached("lag|" + ws.id() + "|" + stream, () -> lag(ws.id(), stream)))
                        .description("Seconds between now and the stream's checkpoint (NaN before the first file)")
                        .baseUnit("seconds").tag("workspace", ws.id()).tag("stream", stream).register(registry);
            }
        }
        List<BacklogSource> queues = new java.util.ArrayList<>(backlogs.orderedStream().toList());
        backlogGroups.orderedStream().forEach(g -> queues.addAll(g.backlogSources()));
        for (BacklogSource b : queues) {
            Gauge.builder("custodia.backlog", () -> cached("backlog|" + b.name(), () -> (double) b.backlog()))
                    .description("Items waiting in a queue of the hub (feeds: undelivered outbox events)")
                    .tag("queue", b.name()).register(registry);
        }
    }

    private double cached(String key, Supplier<Double> read) {
        Cached c = cache.get(key);
        Instant now = Instant.now();
        if (c == null || c.at().plus(CACHE).isBefore(now)) {
            double value;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                value = Double.NaN; // database unreachable: the health endpoint says why
            }
            c = new Cached(now, value);
            cache.put(key, c);
        }
        return c.value();
    }

    private double count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private double lag(String workspace, String stream) {
        List<String> cursor = jdbc.queryForList(
                "SELECT cursor_value FROM source_checkpoint WHERE workspace_id = ? AND stream = ?", String.class, workspace, stream);
        if (cursor.isEmpty() || cursor.get(0) == null) {
            return Double.NaN;
        }
        return Duration.between(Cursors.parse(cursor.get(0)), Instant.now()).toMillis() / 1000.0;
    }
}

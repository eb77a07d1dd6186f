package io.custodia.source.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.source.Cursors;
import io.custodia.source.SourceFreshness;
import io.custodia.source.SourceHealth;
import io.custodia.source.SourceProperties;
import io.custodia.source.Workspaces;
import io.custodia.support.Utc;

/**
 * Where collection stands, per configured workspace and stream (each Logs Platform event type, and
 * {@code USERS}): checkpoint, lag, last success, last error, quarantine count. One view for
 * {@code GET /api/v1/sources}, the Micrometer gauges and the workspace health details.
 */
@Component
public class SourceStatus {

    /** The users directory stream (no checkpoint: each sync reads the whole list). */
    public static final String USERS = "USERS";

    /**
     * One workspace stream.
     *
     * @param checkpoint where the next poll resumes: the {@code end_time} of the newest file landed
     * @param lagSeconds now − checkpoint (every event up to the checkpoint is collected); null before the first file
     * @param state      UP, DOWN (latest poll failed) or UNAUTHORIZED (key refused), NOT_POLLED
     * @param sourceMaxEventTime  the newest event the source says it has ({@code max_event_time}), where served
     * @param behindSourceSeconds sourceMaxEventTime − checkpoint (0 when collection has caught up): lag that is
     *                            really backlog, as opposed to a quiet workspace; null when freshness is unknown
     */
    public record Stream(String stream, String checkpoint, Instant checkpointUpdatedAt, Double lagSeconds,
                         Instant lastSuccess, Instant lastFailure, String lastError, String state, long quarantined,
                         Instant sourceMaxEventTime, Double behindSourceSeconds) {
    }

    /** One workspace: DOWN when its key was refused, with the message saying what to fix. */
    public record Workspace(String id, String name, String state, String message, long quarantined, List<Stream> streams) {
    }

    private final Workspaces workspaces;
    private final SourceHealth health;
    private final JdbcTemplate jdbc;
    private final SourceFreshness freshness;

    public SourceStatus(Workspaces workspaces, SourceHealth health, JdbcTemplate jdbc, SourceFreshness freshness) {
        this.workspaces = workspaces;
        this.health = health;
        this.jdbc = jdbc;
        this.freshness = freshness;
    }

    public List<Workspace> all() {
        Instant now = Instant.now();
        Map<String, Object[]> checkpoints = new HashMap<>();
        jdbc.query("SELECT workspace_id, stream, cursor_value, updated_at FROM source_checkpoint", rs -> {
            checkpoints.put(rs.getString(1) + "|" + rs.getString(2),
                    new Object[]{rs.getString(3), Utc.fromDb(rs.getObject(4, java.time.LocalDateTime.class))});
        });
        Map<String, Long> quarantine = quarantineCounts();
        Map<String, SourceHealth.Status> statuses = new HashMap<>();
        for (SourceHealth.Status s : health.all()) {
            statuses.put(s.workspaceId() + "|" + s.stream(), s);
        }
        List<Workspace> out = new ArrayList<>();
        for (SourceProperties.Workspace ws : workspaces.all()) {
            List<String> names = new ArrayList<>(ws.eventTypes());
            names.add(USERS);
            // streams seen by health or the checkpoints but not configured (any more) are shown too
            statuses.values().stream().filter(s -> s.workspaceId().equals(ws.id()) && !names.contains(s.stream()))
                    .forEach(s -> names.add(s.stream()));
            List<Stream> streams = new ArrayList<>();
            String wsState = ws.enabled() ? "UP" : "DISABLED";
            String message = null;
            long wsQuarantined = quarantine.entrySet().stream().filter(e -> e.getKey().startsWith(ws.id() + "|"))
                    .mapToLong(Map.Entry::getValue).sum();
            for (String name : names) {
                String key = ws.id() + "|" + name;
                Object[] cp = checkpoints.get(key);
                String cursor = cp == null ? null : (String) cp[0];
                Double lag = null;
                if (cursor != null) {
                    lag = Duration.between(Cursors.parse(cursor), now).toMillis() / 1000.0;
                }
                Instant newest = freshness.maxEventTime(ws.id(), name).orElse(null);
                Double behind = null;
                if (newest != null && cursor != null) {
                    behind = Math.max(0, Duration.between(Cursors.parse(cursor), newest).toMillis() / 1000.0);
                }
                SourceHealth.Status s = statuses.get(key);
                String state = s == null ? "NOT_POLLED" : s.state();
                if ("UNAUTHORIZED".equals(state)) {
                    wsState = "DOWN";
                    message = s.lastError();
                }
                streams.add(new Stream(name, cursor, cp == null ? null : (Instant) cp[1], lag,
                        s == null ? null : s.lastSuccess(), s == null ? null : s.lastFailure(),
                        s == null ? null : s.lastError(), state, quarantine.getOrDefault(key, 0L), newest, behind));
            }
            out.add(new Workspace(ws.id(), ws.name(), wsState, message, wsQuarantined, streams));
        }
        return out;
    }

    /** Quarantined entries by {@code workspace|stream} ({@code workspace|} when the stream is unknown). */
    public Map<String, Long> quarantineCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT workspace_id, stream, COUNT(*) FROM quarantine GROUP BY workspace_id, stream", rs -> {
            counts.put(rs.getString(1) + "|" + (rs.getString(2) == null ? "" : rs.getString(2)), rs.getLong(3));
        });
        return counts;
    }
}

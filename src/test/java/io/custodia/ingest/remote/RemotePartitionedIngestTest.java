package io.custodia.ingest.remote;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ingest.IngestJobConfiguration;
import io.custodia.ingest.IngestJobLauncher;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ingest job partitioned over RabbitMQ (the machine's broker, guest/guest on 5672): this node is the
 * manager and a worker; every partition request goes through the queue and back into the worker step, the
 * manager learns the outcome from the job repository — and the store holds exactly the ground truth.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.ingest.remote.manager=true",
        "custodia.ingest.remote.worker=true",
        "custodia.ingest.remote.queue=custodia.test.ingest-partitions",
        "custodia.ingest.remote.grid-size=3",
        "custodia.ingest.remote.consumers=2"})
@ActiveProfiles("test")
class RemotePartitionedIngestTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RabbitAdmin admin;

    @Test
    void partitionsTravelThroughTheQueueAndTheStoreEqualsGroundTruth() {
        HubClient hub = new HubClient(port);
        Map<String, Object> truth = hub.truth();
        assertThat(num(truth, "messages")).isGreaterThan(1000);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(hub.stats(), truth) && !ingest.busy());
        Convergence.assertConverged(hub.stats(), truth);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status <> 'INGESTED'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine", Long.class)).isZero();

        // every partition of every run was a request on the queue, run by the worker and completed
        long partitions = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE ?",
                Long.class, IngestJobConfiguration.EVENTS_STEP + ":p%");
        assertThat(partitions).isPositive().isEqualTo(3 * jdbc.queryForObject(
                "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'ingest-events'", Long.class));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE ? AND STATUS <> 'COMPLETED'",
                Long.class, IngestJobConfiguration.EVENTS_STEP + ":p%")).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters.get("custodia.ingest.remote.partitions")
                .tag("outcome", "COMPLETED").counter().count()).isEqualTo(partitions));
        assertThat(admin.getQueueInfo("custodia.test.ingest-partitions").getMessageCount()).isZero();
    }
}

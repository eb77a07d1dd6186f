package io.custodia;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;

/**
 * The foundation end to end: Quartz fires the YAML collection routes, camel-http pages through the
 * simulator's Logs Platform, files land in MariaDB, the ingest job turns them into mailbox items —
 * and the store then holds exactly the simulator's ground truth.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class FullCycleTest {

    private static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    IngestJobLauncher ingest;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    @Test
    void storeConvergesToGroundTruthAndAnotherPollAddsNothing() {
        Map<String, Object> truth = hub.truth();
        assertThat(num(truth, "messages")).isGreaterThan(1000);
        assertThat(num(truth, "files")).isPositive();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(hub.stats(), truth) && !ingest.busy());
        Convergence.assertConverged(hub.stats(), truth);

        // every staged file was ingested, nothing was quarantined, every attachment has its bytes
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status <> 'INGESTED'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM attachment WHERE sha256 IS NULL", Long.class)).isZero();
        // the key never reached the signed download host (the simulator rejects such requests)
        Map<String, Object> requests = HubClient.map(HubClient.map(hub.truth(), "requests"), WS);
        assertThat(requests).doesNotContainKey("blob.rejectedAuthorization").doesNotContainKey("unauthorized");
        // one download per landed file: re-listed boundary files are recognised and not fetched again
        long staged = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file", Long.class);
        assertThat(num(requests, "blob.logs")).isEqualTo(staged);

        // a further poll of each stream lands nothing and changes nothing
        Map<String, Object> before = hub.stats();
        for (String stream : new String[]{"CONVERSATION_MESSAGE", "AUTH_LOG"}) {
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute("poll-logs").whenDone(1).create();
            Exchange polled = producer.send("direct:poll-logs", e -> {
                e.getIn().setHeader("CustodiaWorkspace", WS);
                e.getIn().setHeader("CustodiaStream", stream);
            });
            assertThat(done.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(polled.getException()).isNull();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.busy());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file", Long.class)).isEqualTo(staged);
        assertThat(hub.stats()).isEqualTo(before);
    }

    @Test
    void itemsCarryMailboxShape() {
        Map<String, Object> truth = hub.truth();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(hub.stats(), truth));
        // both ItemClass values occur, prompts go from the user to the app and responses back
        assertThat(jdbc.queryForList("SELECT DISTINCT item_class FROM mail_item ORDER BY 1", String.class)).containsExactly(
                "IPM.SkypeTeams.Message.CloudAIApp.SaaS.ChatGPTEnterprise",
                "IPM.SkypeTeams.Message.ConnectedAIApp.Connector.ChatGPTEnterprise");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM mail_item i JOIN mailbox m ON m.id = i.mailbox_id
                WHERE i.kind = 'prompt' AND (i.sender <> m.email OR i.recipients <> 'ChatGPT Enterprise')""", Long.class)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM mail_item i JOIN mailbox m ON m.id = i.mailbox_id
                WHERE i.kind = 'response' AND (i.recipients <> m.email OR i.sender <> 'ChatGPT Enterprise')""", Long.class)).isZero();
        // the body hash is the SHA-256 of the body, every response names its model and its prompt
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE body_sha256 <> SHA2(body, 256)", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE kind = 'response' AND (model IS NULL OR parent_id IS NULL)", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE subject IS NULL OR subject = ''", Long.class)).isZero();
        // every interaction has one ConnectedAIAppInteraction record naming prompt and response
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ConnectedAIAppInteraction'", Long.class))
                .isEqualTo(num(truth, "interactions"));
        String record = jdbc.queryForObject("SELECT audit_data FROM audit_record WHERE record_type = 328 LIMIT 1", String.class);
        assertThat(record).contains("\"RecordType\":328", "\"Workload\":\"ConnectedAIApp\"", "\"isPrompt\":true",
                "\"isPrompt\":false", "\"ThreadId\"");
        // attachments: text extracted from the office/pdf/text samples, the encrypted one recorded as such
        assertThat(jdbc.queryForList("SELECT DISTINCT extraction_status FROM attachment ORDER BY 1", String.class))
                .containsExactly("ENCRYPTED", "EXTRACTED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM attachment WHERE extraction_status = 'EXTRACTED' AND LENGTH(extracted_text) < 100", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE has_attachments", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(DISTINCT item_id) FROM attachment", Long.class));
        // the custodian directory was synced from the users endpoint
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM custodian", Long.class)).isEqualTo(num(truth, "users"));
    }
}

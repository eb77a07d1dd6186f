package io.custodia.simulator;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Soak: the hub collects a long finite history (about 3,600 messages) from the simulator with every fault
 * on at once — 429 with and without Retry-After, 5xx, latency, broken listing pages, torn and concatenated
 * JSONL lines, duplicate and re-delivered files, expiring signed URLs, hash mismatches — under a request
 * budget. The store must then equal the ground truth exactly, counts and natural keys, and the quarantine
 * must hold exactly what the simulator broke.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // a long window with many messages per file: 2 h, ~3,600 messages, one file per minute and type
        "custodia.simulator.history=PT120M",
        "custodia.simulator.log-file-interval=PT60S",
        "custodia.simulator.workspaces[0].id=7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70",
        "custodia.simulator.workspaces[0].api-key=sim-demo-key",
        "custodia.simulator.workspaces[0].seed=4242",
        "custodia.simulator.workspaces[0].users=25",
        "custodia.simulator.workspaces[0].messages-per-minute=30",
        "custodia.source.page-size=15",
        // every Logs Platform event type, so the faults hit each of them
        "custodia.workspaces[0].id=7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70",
        "custodia.workspaces[0].name=Soak workspace",
        "custodia.workspaces[0].api-key=sim-demo-key",
        "custodia.workspaces[0].schedule=0/5 * * * * ?",
        "custodia.workspaces[0].users-schedule=0/5 * * * * ?",
        "custodia.workspaces[0].event-types=CONVERSATION_MESSAGE,AUTH_LOG,AUDIT_LOG,APP_LOG,APP_AUTH_LOG,CODEX_LOG,"
                + "CODEX_SECURITY_LOG,CUSTOM_AGENTS_LOG",
        "custodia.simulator.faults.rate-limit-every=13",
        "custodia.simulator.faults.rate-limit-retry-after=0",
        "custodia.simulator.faults.rate-limit-without-retry-after-rate=0.4",
        "custodia.simulator.faults.server-error-rate=0.05",
        "custodia.simulator.faults.latency=2ms",
        "custodia.simulator.faults.malformed-page-rate=0.3",
        "custodia.simulator.faults.malformed-line-rate=0.01",
        "custodia.simulator.faults.concatenated-line-rate=0.02",
        "custodia.simulator.faults.duplicate-rate=0.1",
        "custodia.simulator.faults.redelivery-rate=0.2",
        "custodia.simulator.faults.expired-url-rate=0.1",
        "custodia.simulator.faults.sha-mismatch-rate=0.1",
        "custodia.source.default-retry-after=PT0.1S",
        "custodia.source.resilience.initial-backoff=PT0.05S",
        "custodia.source.resilience.max-backoff=PT0.5S",
        "custodia.source.resilience.requests-per-minute=12000",
        "custodia.source.resilience.route-requests-per-minute=9000"})
@ActiveProfiles("test")
class FaultSoakTest {

    /** The event types collected besides messages: one audit record each. */
    static final List<String> EVENTS = List.of("AUTH_LOG", "AUDIT_LOG", "APP_LOG", "APP_AUTH_LOG", "CODEX_LOG",
            "CODEX_SECURITY_LOG", "CUSTOM_AGENTS_LOG");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;
    @Autowired
    Simulator simulator;

    @Test
    @SuppressWarnings("unchecked")
    void storeEqualsGroundTruthAndTheQuarantineHoldsExactlyTheBrokenRecords() {
        HubClient hub = new HubClient(port);
        Map<String, Object> expected = hub.truth();
        assertThat(num(expected, "messages")).isGreaterThan(2500);

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(hub.stats(), expected, EVENTS) && !ingest.busy());
        Map<String, Object> truth = hub.truth();
        Convergence.assertConverged(hub.stats(), truth, EVENTS);

        // natural keys: exactly the messages and events the simulator published, each once
        Set<String> messages = new HashSet<>();
        Set<String> authEvents = new HashSet<>();
        for (Simulator.Hosted h : simulator.all()) {
            SimulatedWorkspace ws = h.workspace();
            long windows = (SimulatedWorkspace.micros(ws.horizon()) - ws.originMicros()) / ws.intervalMicros();
            for (long w = 0; w < windows; w++) {
                for (SimEvent e : h.logs().events("CONVERSATION_MESSAGE", w)) {
                    ConversationPlan.Turn t = e.plan().turns().get(e.turn());
                    messages.add(ws.id() + "/" + (e.prompt() ? t.promptId() : t.responseId()));
                }
                for (SimEvent e : h.logs().events("AUTH_LOG", w)) {
                    authEvents.add("event:" + ws.id() + ":AUTH_LOG:" + e.eventId());
                }
            }
        }
        List<String> stored = jdbc.queryForList("SELECT CONCAT(workspace_id, '/', message_id) FROM mail_item", String.class);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).isEqualTo(messages);
        assertThat(new HashSet<>(jdbc.queryForList(
                "SELECT source_key FROM audit_record WHERE source_key LIKE 'event:%:AUTH_LOG:%'", String.class)))
                .isEqualTo(authEvents);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM attachment WHERE sha256 IS NULL", Long.class)).isZero();

        // every fault happened
        Map<String, Object> faults = HubClient.map(truth, "faults");
        Map<String, Object> injected = HubClient.map(faults, "injected");
        System.out.println("Soak: " + num(truth, "messages") + " messages, faults injected " + injected + ", stats " + hub.stats());
        for (String kind : List.of("rateLimited", "rateLimitedWithoutRetryAfter", "serverErrors", "malformedPages",
                "malformedLines", "concatenatedLines", "duplicateListings", "redeliveredListings", "expiredUrls",
                "shaMismatches")) {
            assertThat(num(injected, kind)).as(kind + " in " + injected).isPositive();
        }

        // the quarantine holds exactly the torn lines and the broken pages, with their bytes
        List<Map<String, Object>> torn = (List<Map<String, Object>>) faults.get("malformedLines");
        assertThat(jdbc.queryForList("SELECT reference FROM quarantine WHERE source = 'ingest'", String.class))
                .containsExactlyInAnyOrderElementsOf(torn.stream().map(m -> (String) m.get("reference")).toList());
        for (Map<String, Object> m : torn) {
            byte[] raw = jdbc.queryForObject("SELECT raw FROM quarantine WHERE source = 'ingest' AND reference = ?",
                    byte[].class, m.get("reference"));
            assertThat(new String(raw, StandardCharsets.UTF_8)).startsWith("{\"event_id\":\"" + m.get("eventId") + "\"");
        }
        assertThat(jdbc.queryForList("SELECT reference FROM quarantine WHERE source = 'collect'", String.class))
                .containsExactlyInAnyOrderElementsOf((List<String>) faults.get("malformedPages"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE stream IS NULL", Long.class)).isZero();
        // hash mismatches and expired URLs were fetched again: no file was given up
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status <> 'INGESTED'", Long.class)).isZero();

        // the request-level faults as a client sees them: 429 (with Retry-After: 0 or without it), 5xx, JSON bodies
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Set<Integer> statuses = new java.util.TreeSet<>();
        Set<String> retryAfter = new java.util.TreeSet<>();
        for (int i = 0; i < 120; i++) {
            java.net.http.HttpResponse<String> r;
            try {
                r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/sim/v1/compliance/workspaces/" + simulator.all().get(0).workspace().id() + "/users"))
                        .header("Authorization", "Bearer sim-demo-key").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                retryAfter.add(r.headers().firstValue("Retry-After").orElse("absent"));
            }
            if (r.statusCode() != 200) {
                assertThat(r.body()).startsWith("{\"error\":{\"message\":");
            }
        }
        assertThat(statuses).contains(200, 429);
        assertThat(statuses).containsAnyOf(500, 502, 503);
        assertThat(retryAfter).isSubsetOf("0", "absent").isNotEmpty();

        // the key never reached the signed download host
        Map<String, Object> requests = HubClient.map(HubClient.map(truth, "requests"), simulator.all().get(0).workspace().id());
        assertThat(requests).doesNotContainKey("blob.rejectedAuthorization").doesNotContainKey("unauthorized");
    }
}

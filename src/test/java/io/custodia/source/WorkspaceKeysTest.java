package io.custodia.source;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.ops.Api;
import io.custodia.support.HubClient;

/**
 * Two workspaces, one with a key the API refuses: that one shows DOWN with a message naming the property
 * to fix and is not polled again (no hammering), the other is collected completely; no key ever appears
 * in the log. Also the operator views: {@code /api/v1/sources} and {@code /api/v1/quarantine}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.simulator.history=PT30M",
        "custodia.simulator.faults.malformed-line-rate=0.03",
        "custodia.simulator.workspaces[0].id=" + WorkspaceKeysTest.GOOD,
        "custodia.simulator.workspaces[0].api-key=" + WorkspaceKeysTest.GOOD_KEY,
        "custodia.simulator.workspaces[0].seed=42",
        "custodia.simulator.workspaces[0].users=12",
        "custodia.simulator.workspaces[0].messages-per-minute=20",
        "custodia.simulator.workspaces[1].id=" + WorkspaceKeysTest.REFUSED,
        "custodia.simulator.workspaces[1].api-key=sk-comp-right-key-of-the-other-workspace-0000",
        "custodia.simulator.workspaces[1].seed=7",
        "custodia.workspaces[0].id=" + WorkspaceKeysTest.GOOD,
        "custodia.workspaces[0].name=Good",
        "custodia.workspaces[0].api-key=" + WorkspaceKeysTest.GOOD_KEY,
        "custodia.workspaces[0].schedule=0/2 * * * * ?",
        "custodia.workspaces[0].users-schedule=0/2 * * * * ?",
        "custodia.workspaces[1].id=" + WorkspaceKeysTest.REFUSED,
        "custodia.workspaces[1].name=Refused",
        "custodia.workspaces[1].api-key=" + WorkspaceKeysTest.WRONG_KEY,
        "custodia.workspaces[1].schedule=0/2 * * * * ?",
        "custodia.workspaces[1].users-schedule=0/2 * * * * ?",
        // the catalog's own schedule (every 10 minutes of the wall clock) would add a CATALOG stream whenever the
        // test spans such a minute; the test polls the catalog itself where it needs it
        "custodia.source.catalog-schedule=0 0 2 1 1 ? 2099",
        "custodia.security.users[0].username=operator",
        "custodia.security.users[0].password={noop}operator",
        "custodia.security.users[0].roles[0]=OPERATOR",
        "logging.level.io.custodia=DEBUG"})
@ActiveProfiles("test")
class WorkspaceKeysTest {

    static final String GOOD = "11111111-2222-4333-8444-555555555555";
    static final String REFUSED = "99999999-8888-4777-8666-555555555555";
    static final String GOOD_KEY = "sk-comp-GOODKEY-7f3a9c2e41b8d6";
    static final String WRONG_KEY = "sk-comp-WRONGKEY-0d4e8b1f99a2c5";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;
    @Autowired
    org.apache.camel.ProducerTemplate producer;

    @Test
    @SuppressWarnings("unchecked")
    void refusedKeyPausesItsWorkspaceOnlyAndNoKeyIsEverLogged(CapturedOutput output) throws Exception {
        HubClient hub = new HubClient(port);
        Map<String, Object> good = ((List<Map<String, Object>>) hub.truth().get("workspaces")).stream()
                .filter(w -> GOOD.equals(w.get("workspaceId"))).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", Long.class, GOOD)
                        == num(good, "messages") && !ingest.busy());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", Long.class, REFUSED)).isZero();

        // the refused workspace: DOWN with an actionable message, the other UP
        Map<String, Object> sources = hub.get("/api/v1/sources");
        List<Map<String, Object>> workspaces = (List<Map<String, Object>>) sources.get("workspaces");
        Map<String, Object> refused = workspaces.stream().filter(w -> REFUSED.equals(w.get("id"))).findFirst().orElseThrow();
        Map<String, Object> ok = workspaces.stream().filter(w -> GOOD.equals(w.get("id"))).findFirst().orElseThrow();
        assertThat(sources.get("state")).isEqualTo("DEGRADED");
        assertThat(refused.get("state")).isEqualTo("DOWN");
        assertThat((String) refused.get("message")).contains("API key rejected (HTTP 401) for workspace " + REFUSED,
                "custodia.workspaces[1].api-key");
        assertThat(ok.get("state")).isEqualTo("UP");
        List<Map<String, Object>> streams = (List<Map<String, Object>>) ok.get("streams");
        assertThat(streams).extracting(s -> s.get("stream")).containsExactly("CONVERSATION_MESSAGE", "AUTH_LOG", "USERS");
        Map<String, Object> messages = streams.get(0);
        assertThat(messages.get("state")).isEqualTo("UP");
        assertThat(messages.get("checkpoint")).isNotNull();
        assertThat(((Number) messages.get("lagSeconds")).doubleValue()).isPositive();
        assertThat(messages.get("lastSuccess")).isNotNull();
        // the source's freshness (max_event_time) tells backlog from a quiet workspace
        await().atMost(Duration.ofSeconds(60)).until(() -> streamOf(hub.get("/api/v1/sources"), GOOD, "CONVERSATION_MESSAGE")
                .get("sourceMaxEventTime") != null);
        Map<String, Object> fresh = streamOf(hub.get("/api/v1/sources"), GOOD, "CONVERSATION_MESSAGE");
        assertThat(((Number) fresh.get("behindSourceSeconds")).doubleValue()).isGreaterThanOrEqualTo(0);
        long quarantined = jdbc.queryForObject(
                "SELECT COUNT(*) FROM quarantine WHERE workspace_id = ? AND stream = 'CONVERSATION_MESSAGE'", Long.class, GOOD);
        assertThat(quarantined).isPositive();
        assertThat(num(messages, "quarantined")).isEqualTo(quarantined);
        Api.Response health = Api.as(port, "admin", "admin").get("/actuator/health/sources");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("API key rejected", "\"lagSeconds\"", "\"quarantined\"");

        // no hammering: at most one refused request per stream (the first refusal pauses the whole workspace),
        // however many schedule periods pass
        long refusals = num(HubClient.map(HubClient.map(hub.truth(), "requests"), REFUSED), "unauthorized");
        assertThat(refusals).isBetween(1L, 3L);
        Thread.sleep(6000);
        assertThat(num(HubClient.map(HubClient.map(hub.truth(), "requests"), REFUSED), "unauthorized")).isEqualTo(refusals);
        // nor does the GPT/project catalog sync (its own schedule, every 10 minutes: it once fired in this window)
        producer.sendBodyAndHeaders("direct:sync-catalog", null,
                Map.<String, Object>of(ComplianceApi.WORKSPACE, REFUSED, ComplianceApi.STREAM, "CATALOG"));
        assertThat(num(HubClient.map(HubClient.map(hub.truth(), "requests"), REFUSED), "unauthorized")).isEqualTo(refusals);

        // the quarantine through the API: raw bytes for a Content Viewer (admin has every role), not for an operator
        Map<String, Object> page = hub.get("/api/v1/quarantine?workspace=" + GOOD + "&stream=CONVERSATION_MESSAGE&size=2");
        assertThat(num(page, "total")).isEqualTo(quarantined);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).hasSize(2).allSatisfy(i -> {
            assertThat(i.get("source")).isEqualTo("ingest");
            assertThat((String) i.get("reason")).contains("not valid JSON");
            assertThat(i.get("rawEncoding")).isEqualTo("utf-8");
            assertThat((String) i.get("raw")).startsWith("{\"event_id\":");
        });
        Api.Response asOperator = Api.as(port, "operator", "operator").get("/api/v1/quarantine?size=1");
        assertThat(asOperator.status()).isEqualTo(200);
        assertThat(asOperator.body()).doesNotContain("\"raw\":").contains("\"rawIncluded\":false");
        assertThat(Api.as(port, "operator", "operator").get("/api/v1/sources").status()).isEqualTo(200);
        assertThat(Api.anonymous(port).get("/api/v1/sources").status()).isEqualTo(401);

        // no key in the log, not even the refused one
        assertThat(output.getAll()).contains("API key rejected").doesNotContain(GOOD_KEY).doesNotContain(WRONG_KEY)
                .doesNotContain("7f3a9c2e41b8d6").doesNotContain("0d4e8b1f99a2c5");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> streamOf(Map<String, Object> sources, String ws, String stream) {
        return ((List<Map<String, Object>>) sources.get("workspaces")).stream().filter(w -> ws.equals(w.get("id")))
                .flatMap(w -> ((List<Map<String, Object>>) w.get("streams")).stream())
                .filter(s -> stream.equals(s.get("stream"))).findFirst().orElseThrow();
    }
}

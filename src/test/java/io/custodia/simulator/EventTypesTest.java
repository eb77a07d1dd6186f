package io.custodia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Logs Platform event type of the reference (§4.3, §4.4): published as files, in its own shape, counted
 * by the ground truth, with a freshness that is the newest published event.
 */
class EventTypesTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-05T00:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();
    private final SampleFileLibrary samples = new SampleFileLibrary(Path.of("samples/files"));

    private SimulatedWorkspace workspace(long seed, Duration history) {
        SimulatorProperties.Workspace cfg = new SimulatorProperties.Workspace("ws-1", "k", seed, 8, 30.0, 0.2, 0.1, 0.5);
        Instant end = ORIGIN.plus(history);
        return new SimulatedWorkspace(cfg, ORIGIN, Duration.ofSeconds(15), () -> end, samples);
    }

    private List<JsonNode> allRecords(LogsPlatform logs, String type) {
        List<JsonNode> records = new java.util.ArrayList<>();
        Instant after = Instant.EPOCH;
        while (true) {
            LogsPlatform.Page page = logs.list(type, after, null, 50);
            for (LogsPlatform.LogFile f : page.files()) {
                assertThat(f.eventType()).isEqualTo(type);
                assertThat(logs.find(f.id())).isEqualTo(f);
                new String(logs.body(f), StandardCharsets.UTF_8).lines().map(json::readTree).forEach(records::add);
                after = f.endTime();
            }
            if (!page.hasMore()) {
                return records;
            }
        }
    }

    @Test
    void everyEventTypeIsPublishedInItsShapeAndCountedByTheTruth() {
        SimulatedWorkspace ws = workspace(11, Duration.ofMinutes(120));
        LogsPlatform logs = new LogsPlatform(ws, json);
        GroundTruth.Counts truth = new GroundTruth(ws).count();
        assertThat(truth.events()).containsOnlyKeys(LogsPlatform.EVENT_TYPES);
        Set<String> eventIds = new HashSet<>();
        for (String type : LogsPlatform.EVENT_TYPES) {
            List<JsonNode> records = allRecords(logs, type);
            assertThat(records).as(type).isNotEmpty().hasSize(truth.events().get(type).intValue());
            String newest = null;
            for (JsonNode r : records) {
                assertThat(r.path("type").asString()).isEqualTo(type);
                assertThat(eventIds.add(r.path("event_id").asString())).as("unique event_id").isTrue();
                assertThat(r.path("principal").path("id").asString()).isEqualTo("ws-1");
                assertThat(r.path("actor").path("type").asString()).isIn("ACCOUNT_USER", "API_KEY", "AGENT");
                String ts = r.path("timestamp").asString();
                assertThat(Instant.parse(ts)).isAfter(ORIGIN).isBeforeOrEqualTo(ws.horizon());
                newest = newest == null || ts.compareTo(newest) > 0 ? ts : newest;
                switch (type) {
                    case "AUDIT_LOG" -> {
                        assertThat(r.path("action").asString()).isNotBlank();
                        assertThat(r.path("action_result").asString()).isIn("SUCCESS", "BLOCKED");
                        assertThat(r.path("action_data").isObject()).isTrue();
                        assertThat(r.path("request_metadata").path("client_ip").asString()).isNotBlank();
                    }
                    case "APP_LOG" -> {
                        assertThat(r.path("app_type").asString()).isIn("MCP", "SERVICE");
                        assertThat(r.path("log_type").asString()).isIn("request", "response");
                        assertThat(r.path("conversation_id").asString()).isNotBlank();
                    }
                    case "APP_AUTH_LOG" -> assertThat(r.path("action").asString()).isIn("link", "unlink");
                    case "CODEX_LOG", "CODEX_SECURITY_LOG", "CUSTOM_AGENTS_LOG" -> {
                        assertThat(r.path("event_type").asString()).isNotBlank();
                        assertThat(r.path("client_id").asString()).isNotBlank();
                        assertThat(r.path("event_details").path("detail_type").asString()).isNotBlank();
                    }
                    default -> {
                    }
                }
            }
            // freshness is the newest event the published files hold
            assertThat(LogsPlatform.ISO_MICROS.format(logs.maxEventTime(type))).as(type).isEqualTo(newest);
        }
        // Codex logs come in prompt/response pairs, app logs in request/response pairs
        assertThat(allRecords(logs, "CODEX_LOG").stream().filter(r -> r.path("event_type").asString()
                .equals("PROMPT_RESPONSE_RECEIVED")).findFirst().orElseThrow().path("event_details")
                .path("token_usage").path("input_tokens").asInt()).isPositive();
        // the same seed gives the same events
        LogsPlatform again = new LogsPlatform(workspace(11, Duration.ofMinutes(120)), json);
        LogsPlatform.LogFile f = again.list("AUDIT_LOG", Instant.EPOCH, null, 1).files().get(0);
        assertThat(again.body(f)).isEqualTo(logs.body(logs.find(f.id())));
    }

    @Test
    void noEventsMeansNoFreshness() {
        SimulatedWorkspace ws = workspace(11, Duration.ofSeconds(10));
        assertThat(new LogsPlatform(ws, json).maxEventTime("CODEX_SECURITY_LOG")).isNull();
    }
}

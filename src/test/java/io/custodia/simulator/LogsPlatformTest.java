package io.custodia.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.custodia.simulator.faults.FaultPlan;
import io.custodia.simulator.faults.FaultProperties;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated Logs Platform: deterministic, paged as the reference says, and consistent with its ground truth. */
class LogsPlatformTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-05T00:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();
    private final SampleFileLibrary samples = new SampleFileLibrary(Path.of("samples/files"));

    private SimulatedWorkspace workspace(long seed, Duration history) {
        SimulatorProperties.Workspace cfg = new SimulatorProperties.Workspace("ws-1", "k", seed, 8, 30.0, 0.2, 0.1, 0.5);
        Instant end = ORIGIN.plus(history);
        return new SimulatedWorkspace(cfg, ORIGIN, Duration.ofSeconds(15), () -> end, samples);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherData() {
        LogsPlatform a = new LogsPlatform(workspace(7, Duration.ofMinutes(30)), json);
        LogsPlatform b = new LogsPlatform(workspace(7, Duration.ofMinutes(30)), json);
        LogsPlatform c = new LogsPlatform(workspace(8, Duration.ofMinutes(30)), json);
        LogsPlatform.LogFile fa = a.list("CONVERSATION_MESSAGE", Instant.EPOCH, null, 5).files().get(3);
        LogsPlatform.LogFile fb = b.list("CONVERSATION_MESSAGE", Instant.EPOCH, null, 5).files().get(3);
        assertThat(fb).isEqualTo(fa);
        assertThat(b.body(fb)).isEqualTo(a.body(fa));
        assertThat(LogsPlatform.sha256Hex(a.body(fa))).isEqualTo(fa.sha256());
        assertThat(a.body(fa).length).isEqualTo(fa.size());
        assertThat(new String(c.body(c.find(fa.id())), StandardCharsets.UTF_8))
                .isNotEqualTo(new String(a.body(fa), StandardCharsets.UTF_8));
    }

    @Test
    void pagingIsStrictlyAfterAscendingAndComplete() {
        SimulatedWorkspace ws = workspace(42, Duration.ofMinutes(60));
        LogsPlatform logs = new LogsPlatform(ws, json);
        Set<String> ids = new HashSet<>();
        Set<String> messageIds = new HashSet<>();
        long lines = 0;
        Instant after = Instant.EPOCH;
        Instant previousEnd = Instant.EPOCH;
        while (true) {
            LogsPlatform.Page page = logs.list("CONVERSATION_MESSAGE", after, null, 17);
            assertThat(page.files().size()).isLessThanOrEqualTo(17);
            for (LogsPlatform.LogFile f : page.files()) {
                assertThat(f.endTime()).isAfter(previousEnd);
                assertThat(f.endTime()).isBeforeOrEqualTo(ws.horizon());
                previousEnd = f.endTime();
                assertThat(ids.add(f.id())).isTrue();
                for (String line : new String(logs.body(f), StandardCharsets.UTF_8).split("\n")) {
                    JsonNode event = json.readTree(line);
                    Instant at = Instant.parse(event.path("timestamp").asString());
                    assertThat(at).isAfter(f.endTime().minusSeconds(15)).isBeforeOrEqualTo(f.endTime());
                    assertThat(messageIds.add(event.path("message").path("id").asString())).isTrue();
                    lines++;
                }
            }
            if (!page.hasMore()) {
                break;
            }
            after = page.files().get(page.files().size() - 1).endTime();
        }
        GroundTruth.Counts truth = new GroundTruth(ws).count();
        assertThat(lines).isEqualTo(truth.messages());
        assertThat(truth.prompts() + truth.responses()).isEqualTo(truth.messages());
        // asking again from the last end time gives an empty page
        assertThat(logs.list("CONVERSATION_MESSAGE", previousEnd, null, 17).files()).isEmpty();
        // files older than the horizon only: nothing after the horizon is published
        assertThat(logs.find(LogsPlatform.fileId("CONVERSATION_MESSAGE", 10_000))).isNull();
    }

    @Test
    void truthCountsMatchTheEventsAndTheirFiles() {
        SimulatedWorkspace ws = workspace(3, Duration.ofMinutes(45));
        LogsPlatform logs = new LogsPlatform(ws, json);
        GroundTruth.Counts truth = new GroundTruth(ws).count();
        long origin = SimulatedWorkspace.micros(ORIGIN);
        long horizon = SimulatedWorkspace.micros(ws.horizon());
        List<SimEvent> messages = logs.eventsBetween("CONVERSATION_MESSAGE", origin - 1, horizon);
        List<SimEvent> auth = logs.eventsBetween("AUTH_LOG", origin - 1, horizon);
        assertThat(messages).hasSize((int) truth.messages());
        assertThat(auth).hasSize(truth.events().get("AUTH_LOG").intValue());
        assertThat(messages.stream().filter(SimEvent::prompt).filter(e -> e.plan().turns().get(e.turn()).file() != null).count())
                .isEqualTo(truth.files());
        assertThat(messages.stream().map(e -> e.plan().userIndex()).distinct().count()).isEqualTo(truth.activeUsers());
        assertThat(messages.stream().map(e -> e.plan().id()).distinct().count()).isEqualTo(truth.conversations());
        // counting twice (the second time from the cached prefix) gives the same answer
        GroundTruth counter = new GroundTruth(ws);
        assertThat(counter.count()).isEqualTo(counter.count()).isEqualTo(truth);
    }

    @Test
    void fileIdsResolveBackToTheirUploadAndNothingElse() {
        SimulatedWorkspace ws = workspace(42, Duration.ofMinutes(60));
        ConversationPlan.SimFile file = null;
        for (long c = 0; file == null; c++) {
            for (ConversationPlan.Turn t : ws.plan(c).turns()) {
                if (t.file() != null) {
                    file = t.file();
                }
            }
        }
        String[] owner = new String[1];
        assertThat(ws.findFile(file.id(), owner)).isEqualTo(file);
        assertThat(owner[0]).startsWith("user-");
        String other = file.id().substring(0, 20) + (file.id().charAt(20) == 'A' ? 'B' : 'A') + file.id().substring(21);
        assertThat(ws.findFile(other, null)).isNull();
        assertThat(ws.findFile("file-nonsense", null)).isNull();
    }

    @Test
    void preRenderedFilesAreListedFoundAndServedExactlyAsRenderedOnDemand(@TempDir Path dir) throws Exception {
        LogsPlatform onDemand = new LogsPlatform(workspace(42, Duration.ofMinutes(45)), json);
        LogsPlatform ahead = new LogsPlatform(workspace(42, Duration.ofMinutes(45)), json);
        Simulator.Prerendered written = ahead.prerender(dir);
        long files = 0;
        long bytes = 0;
        for (String type : LogsPlatform.EVENT_TYPES) {
            Instant after = Instant.EPOCH;
            while (true) {
                LogsPlatform.Page expected = onDemand.list(type, after, null, 7);
                LogsPlatform.Page page = ahead.list(type, after, null, 7);
                assertThat(page).isEqualTo(expected);
                for (LogsPlatform.LogFile f : page.files()) {
                    Path body = ahead.renderedBody(f.id());
                    assertThat(body).isNotNull();
                    assertThat(Files.readAllBytes(body)).isEqualTo(onDemand.body(f));
                    assertThat(ahead.find(f.id())).isEqualTo(onDemand.find(f.id()));
                    files++;
                    bytes += f.size();
                }
                if (!page.hasMore()) {
                    break;
                }
                after = page.files().get(page.files().size() - 1).endTime();
            }
        }
        assertThat(files).isGreaterThan(100);
        assertThat(written).isEqualTo(new Simulator.Prerendered(files, bytes));
        // a listing bounded by `before`, and ids of windows without a file, behave as on demand
        Instant before = ahead.list("CONVERSATION_MESSAGE", Instant.EPOCH, null, 3).files().get(2).endTime();
        assertThat(ahead.list("CONVERSATION_MESSAGE", Instant.EPOCH, before, 10))
                .isEqualTo(onDemand.list("CONVERSATION_MESSAGE", Instant.EPOCH, before, 10));
        String unpublished = LogsPlatform.fileId("CODEX_SECURITY_LOG", 100_000);
        assertThat(ahead.find(unpublished)).isNull();
        assertThat(ahead.renderedBody(unpublished)).isNull();
    }

    @Test
    void filesWithInjectedDataFaultsAreNotPreRendered(@TempDir Path dir) {
        FaultProperties torn = new FaultProperties(null, 0, 0, null, 0, 0, 0, null, 0, 0.01, 0, 0, 0, 0, 0);
        LogsPlatform logs = new LogsPlatform(workspace(42, Duration.ofMinutes(5)), json, new FaultPlan(torn, 42));
        assertThatThrownBy(() -> logs.prerender(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data faults");
    }
}

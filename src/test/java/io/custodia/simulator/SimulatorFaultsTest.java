package io.custodia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.custodia.simulator.faults.FaultPlan;
import io.custodia.simulator.faults.FaultProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fault injection of the simulated Logs Platform: deterministic from the seed; torn lines, concatenated
 * records, duplicate and re-delivered files never lose or change a record, and the ground truth names
 * exactly the torn lines.
 */
class SimulatorFaultsTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-05T00:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();
    private final SampleFileLibrary samples = new SampleFileLibrary(Path.of("samples/files"));

    private static FaultProperties faults(double bad, double concat, double dup, double redelivery) {
        return new FaultProperties(null, 0, 0, null, 0, 0, 0, null, 0, bad, concat, dup, redelivery, 0, 0);
    }

    private LogsPlatform platform(long seed, FaultProperties faults) {
        SimulatorProperties.Workspace cfg = new SimulatorProperties.Workspace("ws-1", "k", seed, 8, 30.0, 0.2, 0.1, 0.5);
        Instant end = ORIGIN.plus(Duration.ofMinutes(40));
        SimulatedWorkspace ws = new SimulatedWorkspace(cfg, ORIGIN, Duration.ofSeconds(15), () -> end, samples);
        return new LogsPlatform(ws, json, new FaultPlan(faults, seed));
    }

    /** Every file of a full listing, by id, in listing order (duplicates and re-deliveries included). */
    private static List<LogsPlatform.LogFile> listAll(LogsPlatform logs, String type) {
        List<LogsPlatform.LogFile> all = new ArrayList<>();
        Instant after = Instant.EPOCH;
        while (true) {
            LogsPlatform.Page page = logs.list(type, after, null, 10);
            all.addAll(page.files());
            if (!page.hasMore()) {
                return all;
            }
            after = page.files().get(page.files().size() - 1).endTime();
        }
    }

    @Test
    void recordsSurviveEveryDataFaultAndTheTruthNamesTheTornLines() {
        LogsPlatform clean = platform(5, FaultProperties.NONE);
        LogsPlatform faulty = platform(5, faults(0.05, 0.05, 0.2, 0.3));
        Map<String, String> expected = records(clean, listAll(clean, "CONVERSATION_MESSAGE"), new ArrayList<>(), new int[1]);

        List<LogsPlatform.LogFile> listed = listAll(faulty, "CONVERSATION_MESSAGE");
        Set<String> ids = new HashSet<>();
        long duplicates = listed.stream().filter(f -> f.id().startsWith("cld_")).count();
        long relisted = listed.stream().filter(f -> !ids.add(f.id())).count();
        assertThat(duplicates).isPositive();
        assertThat(relisted).isPositive();

        List<String> torn = new ArrayList<>();
        int[] concatenated = new int[1];
        Map<String, String> served = records(faulty, listed.stream().filter(f -> ids.remove(f.id())).toList(), torn, concatenated);
        // the same records, byte for byte, whatever the faults
        assertThat(served).isEqualTo(expected);
        assertThat(concatenated[0]).isPositive();
        assertThat(torn).isNotEmpty();
        // the ground truth lists exactly the torn lines
        List<String> truth = faulty.faultsUpToHorizon().malformed().stream()
                .filter(m -> m.fileId().substring(4, 6).equals("00"))
                .map(m -> m.fileId() + "#" + m.line()).toList();
        assertThat(truth).containsExactlyInAnyOrderElementsOf(torn);
        // the listing entry's size and hash describe the served (faulty) body
        LogsPlatform.LogFile f = listed.get(3);
        assertThat(LogsPlatform.sha256Hex(faulty.body(f))).isEqualTo(f.sha256());
    }

    @Test
    void sameSeedSameFaults() {
        FaultProperties p = faults(0.1, 0.1, 0.3, 0.3);
        LogsPlatform a = platform(9, p);
        LogsPlatform b = platform(9, p);
        assertThat(listAll(b, "AUTH_LOG")).isEqualTo(listAll(a, "AUTH_LOG"));
        assertThat(b.faultsUpToHorizon().malformed()).isEqualTo(a.faultsUpToHorizon().malformed());
        FaultProperties requests = new FaultProperties(null, 7, 0, null, 0.5, 0, 0.1, null, 0, 0, 0, 0, 0, 0, 0);
        FaultPlan x = new FaultPlan(requests, 3);
        FaultPlan y = new FaultPlan(requests, 3);
        List<FaultPlan.RequestFault> xs = new ArrayList<>();
        List<FaultPlan.RequestFault> ys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            xs.add(x.nextRequest().fault());
            ys.add(y.nextRequest().fault());
        }
        assertThat(xs).isEqualTo(ys);
        assertThat(xs.get(6)).isIn(FaultPlan.RequestFault.RATE_LIMITED, FaultPlan.RequestFault.RATE_LIMITED_WITHOUT_RETRY_AFTER);
        assertThat(xs).contains(FaultPlan.RequestFault.SERVER_ERROR, FaultPlan.RequestFault.RATE_LIMITED_WITHOUT_RETRY_AFTER);
    }

    @Test
    void firstTimeFaultsHappenOnce() {
        FaultPlan plan = new FaultPlan(new FaultProperties(null, 0, 0, null, 0, 0, 0, null, 1, 0, 0, 0, 0, 1, 1), 1);
        assertThat(plan.expireUrl("logs/ws/clf_0000000001")).isTrue();
        assertThat(plan.expireUrl("logs/ws/clf_0000000001")).isFalse();
        assertThat(plan.corruptDownload("logs/ws/clf_0000000001")).isTrue();
        assertThat(plan.corruptDownload("logs/ws/clf_0000000001")).isFalse();
        assertThat(plan.breakPage("ws", "AUTH_LOG", "2026-01-05T00:00:00Z")).isTrue();
        assertThat(plan.breakPage("ws", "AUTH_LOG", "2026-01-05T00:00:00Z")).isFalse();
        assertThat(plan.malformedPages()).containsExactly("ws/AUTH_LOG/2026-01-05T00:00:00Z");
        assertThat(plan.injected()).containsEntry("expiredUrls", 1L).containsEntry("shaMismatches", 1L)
                .containsEntry("malformedPages", 1L);
    }

    /** Parses every line of the files; records by event id (as JSON text), torn lines as fileId#line. */
    private Map<String, String> records(LogsPlatform logs, List<LogsPlatform.LogFile> files, List<String> torn, int[] concatenated) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LogsPlatform.LogFile f : files) {
            String[] lines = new String(logs.body(f), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                try (var it = json.readerFor(JsonNode.class).<JsonNode>readValues(lines[i])) {
                    int n = 0;
                    while (it.hasNextValue()) {
                        JsonNode r = it.nextValue();
                        String before = out.put(r.path("event_id").asString(), r.toString());
                        assertThat(before == null || before.equals(r.toString())).isTrue(); // duplicates: same records
                        n++;
                    }
                    if (n == 2 && f.id().startsWith("clf_")) {
                        concatenated[0]++;
                    }
                } catch (RuntimeException e) {
                    torn.add(f.id() + "#" + (i + 1));
                }
            }
        }
        return out;
    }
}

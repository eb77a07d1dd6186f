package io.custodia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.custodia.classify.CatalogLoader;
import io.custodia.classify.ExtractionProperties;
import io.custodia.classify.SitEngine;
import io.custodia.classify.SitMatch;
import io.custodia.classify.TikaTextExtractor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's ground truth and the classifier agree exactly: every prompt with planted data is found
 * with its type and nothing else, and no other prompt, response or sample file has a match. So after
 * ingest {@code sensitiveItems} equals truth's {@code sensitivePrompts}.
 */
class SimulatorClassificationTest {

    static final SitEngine ENGINE = new SitEngine(CatalogLoader.loadFile(Path.of("config/sit-catalog.yaml")));

    static Set<String> sits(String text) {
        return ENGINE.classify(text).matches().stream().map(SitMatch::sit).collect(Collectors.toSet());
    }

    @Test
    void plantedPromptsAreFoundWithTheirTypeAndNothingElseIs() {
        SampleFileLibrary samples = new SampleFileLibrary(Path.of("samples/files"));
        List<String> mistakes = new ArrayList<>();
        Map<String, Integer> planted = new TreeMap<>();
        int prompts = 0;
        for (long seed : new long[]{42, 7, 2026}) {
            SimulatorProperties.Workspace config = new SimulatorProperties.Workspace(null, null, seed, 20, 12.0, 0.08,
                    0.06, 0.35);
            Instant origin = Instant.parse("2026-11-01T00:00:00Z");
            SimulatedWorkspace ws = new SimulatedWorkspace(config, origin, Duration.ofSeconds(15), () -> origin, samples);
            LogsPlatform platform = new LogsPlatform(ws, JsonMapper.builder().build());
            for (long c = 0; c < 1500; c++) {
                ConversationPlan plan = ws.plan(c);
                for (ConversationPlan.Turn turn : plan.turns()) {
                    prompts++;
                    String prompt = platform.text(plan, turn, true);
                    Set<String> want = turn.plantedType() == null ? Set.of() : Set.of(turn.plantedType());
                    if (!sits(prompt).equals(want)) {
                        mistakes.add("seed " + seed + " conversation " + c + " prompt: want " + want + " got " + sits(prompt));
                    }
                    if (turn.plantedType() != null) {
                        planted.merge(turn.plantedType(), 1, Integer::sum);
                    }
                    Set<String> response = sits(platform.text(plan, turn, false));
                    if (!response.isEmpty()) {
                        mistakes.add("seed " + seed + " conversation " + c + " response: got " + response);
                    }
                }
            }
        }
        assertThat(mistakes).isEmpty();
        assertThat(prompts).isGreaterThan(10_000);
        assertThat(planted.keySet()).containsExactlyInAnyOrderElementsOf(ContentGenerator.PLANTED_TYPES);
    }

    @Test
    void theSampleFilesCarryNoSensitiveInformation() throws IOException {
        try (TikaTextExtractor tika = new TikaTextExtractor(ExtractionProperties.defaults());
             Stream<Path> files = Files.list(Path.of("samples/files"))) {
            for (Path f : files.toList()) {
                String text = tika.extract(Files.readAllBytes(f), f.getFileName().toString(), null).text();
                assertThat(text == null ? Set.of() : sits(text)).as(f.toString()).isEmpty();
            }
        }
    }
}

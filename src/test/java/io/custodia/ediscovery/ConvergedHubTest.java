package io.custodia.ediscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.mailbox.ItemClasses;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;
import io.custodia.support.SimulatorFiles;
import tools.jackson.databind.JsonNode;

/**
 * eDiscovery tests on the converged simulator history (the test profile's fixed history, in a context
 * of their own shared by the eDiscovery test classes): waits for the store to equal the ground truth and reads the simulator's own log files, so
 * expected search counts are made independently of the hub's SQL.
 */
// its own context: eDiscovery actions append audit records, which FullCycleTest's convergence check counts
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "custodia.ediscovery.export.chunk-size=50")
@ActiveProfiles("test")
abstract class ConvergedHubTest {

    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";
    static final Instant FROM = Instant.parse("2026-01-05T00:20:00Z");
    static final Instant UNTIL = Instant.parse("2026-01-05T01:10:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;
    @Autowired
    HoldCheck holdCheck;

    Api api;

    /** One simulated message as the Compliance API published it. */
    record Msg(String id, String title, String text, Instant at, String itemClass, boolean prompt, String email) {
    }

    static List<Msg> truth;

    @BeforeEach
    void converged() throws Exception {
        api = Api.admin(port);
        if (truth == null) {
            // once: afterwards the tests' own audit records make the audit count differ from the truth
            HubClient hub = new HubClient(port);
            Map<String, Object> t = hub.truth();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Convergence.converged(hub.stats(), t) && !ingest.busy());
            List<Msg> msgs = new ArrayList<>();
            for (SimulatorFiles.File f : new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 100_000)) {
                for (String line : new String(f.body(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode e = ExportPackage.JSON.readTree(line);
                    JsonNode m = e.path("message");
                    boolean prompt = m.path("author").path("type").asString().equals("user");
                    msgs.add(new Msg(m.path("id").asString(), e.path("conversation").path("title").asString(),
                            m.path("content").path("value").asString(), Instant.parse(m.path("created_at").asString()),
                            ItemClasses.forClientType(m.path("author").path("client_type").asString()), prompt,
                            e.path("actor").path("user_email").asString()));
                }
            }
            truth = msgs;
        }
    }

    /** Messages of the simulator's history whose subject or text has {@code word} (as a whole word). */
    static long expected(String word, Instant from, Instant until, String itemClassPrefix) {
        Pattern p = word == null ? null : Pattern.compile("(?i)(?<![\\p{L}\\p{N}_])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}_])");
        return truth.stream().filter(m -> word == null || p.matcher(m.title() + "\n" + m.text()).find())
                .filter(m -> from == null || !m.at().isBefore(from)).filter(m -> until == null || m.at().isBefore(until))
                .filter(m -> itemClassPrefix == null || m.itemClass().startsWith(itemClassPrefix)).count();
    }
}

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
 * The "done when", through the API: an eDiscovery manager creates a case, searches
 * {@code ItemClass:IPM.SkypeTeams.Message*} with a keyword and a date range, holds it, exports it in each
 * format, and every item of the search is in each package exactly once with a matching hash.
 */
class EdiscoveryScenarioTest extends ConvergedHubTest {

    @Test
    void managerSearchesHoldsAndExportsEveryItemOnceInEachFormat() throws Exception {
        // precondition for the expected counts: no uploaded file mentions the keyword
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM attachment WHERE name LIKE '%lisbon%' OR extracted_text LIKE '%lisbon%'",
                Long.class)).isZero();
        long caseId = api.ok("/api/v1/cases", Map.of("name", "Project Lisbon inquiry")).path("id").asLong();
        String query = "ItemClass:IPM.SkypeTeams.Message* AND Lisbon AND sent>=" + FROM + " AND sent<" + UNTIL;
        JsonNode search = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", query));
        long searchId = search.path("id").asLong();
        long count = search.path("count").asLong();
        assertThat(count).isEqualTo(expected("Lisbon", FROM, UNTIL, "IPM.SkypeTeams.Message")).isGreaterThan(20);
        JsonNode stats = search.path("statistics");
        assertThat(stats.path("items").asLong()).isEqualTo(count);
        long perCustodian = 0;
        for (JsonNode c : stats.path("custodians")) {
            perCustodian += c.path("items").asLong();
        }
        assertThat(perCustodian).isEqualTo(count);
        assertThat(stats.path("sizeBytes").asLong()).isEqualTo(jdbc.queryForObject(
                "SELECT SUM(i.size_bytes) FROM case_search_item s JOIN mail_item i ON i.id = s.item_id WHERE s.search_id = ?",
                Long.class, searchId));

        Set<Long> hits = new HashSet<>(jdbc.queryForList("SELECT item_id FROM case_search_item WHERE search_id = ?", Long.class, searchId));
        assertThat(hits).hasSize((int) count);

        // hold it: every hit is held, an item outside the search is not (unless another hold covers it)
        long holdId = api.ok("/api/v1/cases/" + caseId + "/holds", Map.of("query", query)).path("id").asLong();
        assertThat(holdCheck.heldAmong(hits)).isEqualTo(hits);
        JsonNode hold = api.ok("/api/v1/cases/" + caseId + "/holds/" + holdId);
        assertThat(hold.path("scope").asString()).isEqualTo("QUERY");
        assertThat(hold.path("items").asLong()).isEqualTo(count);

        Map<Long, String> bodyHashes = new HashMap<>();
        jdbc.query("SELECT i.id, i.body_sha256 FROM case_search_item s JOIN mail_item i ON i.id = s.item_id WHERE s.search_id = ?",
                rs -> {
                    bodyHashes.put(rs.getLong(1), rs.getString(2));
                }, searchId);

        for (String format : List.of("eml", "rsmf", "dat")) {
            JsonNode status = api.export(caseId, searchId, format);
            assertThat(status.path("items").asLong()).isEqualTo(count);
            assertThat(status.path("itemsExported").asLong()).isEqualTo(count);
            String download = status.path("download").asString();
            assertThat(download).isEqualTo("/api/v1/exports/" + status.path("id").asLong() + "/download");
            Api.Response zip = api.get(download);
            assertThat(zip.status()).isEqualTo(200);
            assertThat(zip.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
            assertThat(ExportPackage.sha256(zip.bytes())).isEqualTo(status.path("packageSha256").asString());

            ExportPackage pkg = new ExportPackage(zip.bytes());
            Map<Long, CSVRecord> byItem = pkg.verifyResultsAndManifest();
            assertThat(byItem.keySet()).as(format).isEqualTo(hits);
            JsonNode summary = ExportPackage.JSON.readTree(pkg.files.get("ExportSummary.json"));
            assertThat(summary.path("itemsExported").asLong()).isEqualTo(count);
            assertThat(summary.path("format").asString()).isEqualTo(format);
            switch (format) {
                case "eml" -> {
                    assertThat(pkg.files.keySet().stream().filter(n -> n.endsWith(".eml")).count()).isEqualTo(count);
                    pkg.verifyEml(byItem, bodyHashes);
                }
                case "rsmf" -> {
                    List<Long> events = pkg.verifyRsmf(byItem);
                    assertThat(events).hasSize((int) count).doesNotHaveDuplicates();
                    // one file per conversation and day
                    long slices = jdbc.queryForObject("""
                            SELECT COUNT(DISTINCT i.workspace_id, i.conversation_id, DATE(i.sent_at))
                            FROM case_search_item s JOIN mail_item i ON i.id = s.item_id WHERE s.search_id = ?""", Long.class, searchId);
                    assertThat(pkg.files.keySet().stream().filter(n -> n.endsWith(".rsmf")).count()).isEqualTo(slices);
                }
                default -> pkg.verifyDat(byItem);
            }
        }

        // the actions left audit records and outbox events
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE record_type = 24 AND operation IN "
                + "('CaseAdded', 'SearchStarted', 'HoldCreated', 'ExportStarted', 'ExportCompleted', 'ExportDownloaded') "
                + "AND audit_data LIKE ?", Long.class, "%\"caseId\":" + caseId + "%")).isGreaterThanOrEqualTo(12);
        assertThat(jdbc.queryForList("SELECT DISTINCT event_type FROM outbox_event", String.class))
                .contains("case.created", "search.run", "hold.created", "export.completed");
    }
}

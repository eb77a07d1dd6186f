package io.custodia.ediscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ediscovery.query.SensitiveTypeMatches;
import io.custodia.support.SimulatorFiles;
import io.custodia.support.Utc;
import tools.jackson.databind.JsonNode;

/**
 * Holds over items that arrive after the hold (through the ingest job's hook and HoldCheck's own
 * evaluation of not-yet-evaluated items), custodian holds over mailboxes that appear later, an export
 * restarted after a failure injected mid-job, and the classification-backed properties on data this
 * test writes. Collection is off: the test stages simulator files and runs the ingest job itself; the
 * scheduled hold refresh is pushed out of the way so the ingest hook is what evaluates holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.ediscovery.holds.refresh-schedule=0 0 0 1 1 ? 2099",
        "custodia.ediscovery.export.chunk-size=10"})
@ActiveProfiles({"test", "staged"}) // the test workspace is not collected: files are staged here
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the holds test must see the later files arrive
class EdiscoveryJobsTest {

    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    @Qualifier("ingestJob")
    Job ingestJob;
    @Autowired
    HoldCheck holdCheck;
    @Autowired
    HoldEvaluator holdEvaluator;

    Api api;
    static final int FILES = 60;
    static List<SimulatorFiles.File> files;
    static String laterCustodian;
    /** Files ingested before the holds are placed: the later custodian appears only after them. */
    static int firstBatch;

    @BeforeEach
    void setUp() throws Exception {
        api = Api.admin(port);
        if (files == null) {
            files = new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", FILES);
            // the custodian who appears last: their mailbox does not exist before that file is ingested
            Map<String, Integer> first = new java.util.HashMap<>();
            for (int k = 0; k < files.size(); k++) {
                for (String line : new String(files.get(k).body(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        first.putIfAbsent(ExportPackage.JSON.readTree(line).path("actor").path("user_email").asString(), k);
                    }
                }
            }
            var latest = first.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            laterCustodian = latest.getKey();
            firstBatch = latest.getValue();
            assertThat(firstBatch).as("a custodian first seen after the first file").isPositive();
        }
    }

    private synchronized void ingested(int upTo) throws Exception {
        long staged = jdbc.queryForObject("SELECT COUNT(*) FROM staged_log_file", Long.class);
        if (staged >= upTo) {
            return;
        }
        long before = SimulatorFiles.stage(jdbc, WS, files.subList((int) staged, upTo));
        long after = jdbc.queryForObject("SELECT MAX(id) FROM staged_log_file", Long.class);
        JobExecution e = waitFor(jobOperator.start(ingestJob, new JobParametersBuilder().addLong("fromId", before)
                .addLong("toId", after).addString("run", UUID.randomUUID().toString()).toJobParameters()).getId());
        assertThat(e.getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    @Order(1)
    void holdsCoverItemsAndMailboxesThatArriveLater() throws Exception {
        ingested(firstBatch);
        long caseId = api.ok("/api/v1/cases", Map.of("name", "later arrivals")).path("id").asLong();
        JsonNode queryHold = api.ok("/api/v1/cases/" + caseId + "/holds", Map.of("name", "Denver", "query", "Denver"));
        long before = queryHold.path("items").asLong();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mailbox WHERE email = ?", Long.class, laterCustodian)).isZero();
        JsonNode custodianHold = api.ok("/api/v1/cases/" + caseId + "/holds", Map.of("custodians", List.of(laterCustodian)));
        assertThat(custodianHold.path("scope").asString()).isEqualTo("CUSTODIAN");
        assertThat(custodianHold.path("mailboxes").asLong()).isZero();
        JsonNode byQuery = api.ok("/api/v1/cases/" + caseId + "/holds", Map.of("query", "custodian:" + laterCustodian));
        assertThat(byQuery.path("scope").asString()).isEqualTo("CUSTODIAN");

        // more files arrive; the ingest job's hook evaluates the holds over the new items
        ingested(FILES);
        long denver = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", "Denver")).path("count").asLong();
        long held = api.ok("/api/v1/cases/" + caseId + "/holds/" + queryHold.path("id").asLong()).path("items").asLong();
        assertThat(held).isEqualTo(denver).isGreaterThan(before);
        assertThat(jdbc.queryForObject("SELECT evaluated_to_id FROM legal_hold_progress WHERE hold_id = ?", Long.class,
                queryHold.path("id").asLong())).isEqualTo(jdbc.queryForObject("SELECT MAX(id) FROM mail_item", Long.class));
        JsonNode later = api.ok("/api/v1/cases/" + caseId + "/holds/" + custodianHold.path("id").asLong());
        assertThat(later.path("mailboxes").asLong()).isEqualTo(1);
        List<Long> laterItems = jdbc.queryForList("SELECT i.id FROM mail_item i JOIN mailbox m ON m.id = i.mailbox_id WHERE m.email = ?",
                Long.class, laterCustodian);
        assertThat(laterItems).isNotEmpty();
        assertThat(holdCheck.heldAmong(laterItems)).containsExactlyInAnyOrderElementsOf(laterItems);

        // an item that no evaluation has seen yet is held by HoldCheck itself, and materialised by the next refresh
        long other = jdbc.queryForObject("SELECT MIN(id) FROM mailbox WHERE email <> ?", Long.class, laterCustodian);
        long fresh = insertItem(other, "Budget review for the Denver office");
        long unrelated = insertItem(other, "Nothing to see here");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM legal_hold_item WHERE item_id = ?", Long.class, fresh)).isZero();
        assertThat(holdCheck.heldAmong(List.of(fresh, unrelated))).containsExactly(fresh);
        assertThat(holdEvaluator.refresh()).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM legal_hold_item WHERE item_id = ?", Long.class, fresh)).isEqualTo(1);

        // released: no longer held
        api.ok("/api/v1/cases/" + caseId + "/holds/" + queryHold.path("id").asLong() + "/release", Map.of());
        assertThat(holdCheck.isHeld(fresh)).isFalse();
        assertThat(holdCheck.isHeld(laterItems.get(0))).isTrue();
        assertThat(jdbc.queryForList("SELECT DISTINCT event_type FROM outbox_event", String.class)).contains("hold.created", "hold.released");
    }

    @Test
    void aFailedExportRestartsFromItsLastChunkAndPackagesEveryItemOnce() throws Exception {
        ingested(FILES);
        long caseId = api.ok("/api/v1/cases", Map.of("name", "restart")).path("id").asLong();
        JsonNode search = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", "ItemClass:IPM.SkypeTeams*"));
        long searchId = search.path("id").asLong();
        List<Long> hits = jdbc.queryForList("SELECT item_id FROM case_search_item WHERE search_id = ? ORDER BY item_id", Long.class, searchId);
        assertThat(hits.size()).isGreaterThan(40);
        long victim = hits.get(25); // third chunk of 10
        jdbc.execute("CREATE TRIGGER fail_export AFTER UPDATE ON export_item FOR EACH ROW IF NEW.item_id = " + victim
                + " AND NEW.status = 'EXPORTED' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        long exportId;
        try {
            exportId = api.ok("/api/v1/cases/" + caseId + "/exports", Map.of("searchId", searchId, "format", "dat")).path("id").asLong();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.ok("/api/v1/exports/" + exportId).path("status").asString().equals("FAILED"));
        } finally {
            jdbc.execute("DROP TRIGGER fail_export");
        }
        JsonNode failed = api.ok("/api/v1/exports/" + exportId);
        assertThat(failed.path("itemsExported").asLong()).isEqualTo(20);
        assertThat(failed.path("message").asString()).contains("injected failure");
        assertThat(failed.path("download").isNull()).isTrue();

        long restarted = api.ok("/api/v1/exports/" + exportId + "/restart", Map.of()).path("jobExecutionId").asLong();
        JobExecution done = waitFor(restarted);
        assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        var units = done.getStepExecutions().stream().filter(s -> s.getStepName().equals("export-units")).findFirst().orElseThrow();
        assertThat(units.getReadCount()).isEqualTo(hits.size() - 20);
        JsonNode status = api.ok("/api/v1/exports/" + exportId);
        assertThat(status.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(status.path("itemsExported").asLong()).isEqualTo(hits.size());

        ExportPackage pkg = new ExportPackage(api.get(status.path("download").asString()).bytes());
        Map<Long, CSVRecord> byItem = pkg.verifyResultsAndManifest();
        assertThat(byItem.keySet()).isEqualTo(new HashSet<>(hits));
        pkg.verifyDat(byItem);
        // uploaded files were never fetched in this test (collection is off): the export says so and goes on
        long withFiles = jdbc.queryForObject("SELECT COUNT(*) FROM attachment a JOIN case_search_item s ON s.item_id = a.item_id"
                + " WHERE s.search_id = ?", Long.class, searchId);
        String errors = new String(pkg.files.get("Errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors.lines().filter(l -> l.startsWith("WARNING")).count()).isEqualTo(withFiles);
    }

    @Test
    void sensitiveTypesAndLabelsSearchTheClassificationData() throws Exception {
        ingested(FILES);
        List<Long> ids = jdbc.queryForList("SELECT id FROM mail_item ORDER BY id LIMIT 6", Long.class);
        // replace what the classifier found during ingest with known matches (classification's own table;
        // eDiscovery reads it through the per-item view SensitiveTypeMatches.TABLE)
        jdbc.update("DELETE FROM item_sit_match");
        String insert = "INSERT INTO item_sit_match (item_id, workspace_id, message_id, file_id, sit_id, match_count, confidence)"
                + " SELECT id, workspace_id, message_id, '', ?, ?, ? FROM mail_item WHERE id = ?";
        assertThat(SensitiveTypeMatches.TABLE).isEqualTo("item_sit_summary");
        jdbc.update(insert, "credit-card-number", 1, 85, ids.get(0));
        jdbc.update(insert, "credit-card-number", 3, 75, ids.get(1));
        jdbc.update(insert, "credit-card-number", 5, 95, ids.get(2));
        jdbc.update(insert, "us-ssn", 1, 85, ids.get(2));
        jdbc.update(insert, "us-ssn", 2, 65, ids.get(3));
        jdbc.update("UPDATE mail_item SET sensitivity_label = NULL");
        jdbc.update("UPDATE attachment SET sensitivity_label = NULL");
        jdbc.update("UPDATE mail_item SET sensitivity_label = 'Confidential' WHERE id IN (?, ?)", ids.get(0), ids.get(4));
        jdbc.update("UPDATE mail_item SET sensitivity_label = 'Highly Confidential' WHERE id = ?", ids.get(5));
        Long attachmentItem = jdbc.queryForObject("SELECT MIN(item_id) FROM attachment", Long.class);
        jdbc.update("UPDATE attachment SET sensitivity_label = 'Confidential' WHERE item_id = ?", attachmentItem);
        long caseId = api.ok("/api/v1/cases", Map.of("name", "sensitive")).path("id").asLong();
        Map<String, Set<Long>> expected = Map.of(
                "SensitiveType:\"credit-card-number|1..|85..\"", Set.of(ids.get(0), ids.get(2)),
                "SensitiveType:\"credit-card-number|2..\"", Set.of(ids.get(1), ids.get(2)),
                "SensitiveType:\"credit-card-number||..80\"", Set.of(ids.get(1)),
                "SensitiveType:credit-card-number|3..5|75..95", Set.of(ids.get(1), ids.get(2)),
                "SensitiveType:\"us-ssn\" OR SensitiveType:\"credit-card-number|5\"", Set.of(ids.get(2), ids.get(3)),
                "SensitiveType:\"credit-card-number\" NOT SensitiveType:\"us-ssn\"", Set.of(ids.get(0), ids.get(1)),
                "sensitivitylabel:Confidential", new HashSet<>(List.of(ids.get(0), ids.get(4), attachmentItem)),
                "sensitivitylabel:Highly*", Set.of(ids.get(5)));
        for (Map.Entry<String, Set<Long>> e : expected.entrySet()) {
            long searchId = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", e.getKey())).path("id").asLong();
            assertThat(new HashSet<>(jdbc.queryForList("SELECT item_id FROM case_search_item WHERE search_id = ?", Long.class, searchId)))
                    .as(e.getKey()).isEqualTo(e.getValue());
        }
        JsonNode stats = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", "SensitiveType:\"credit-card-number\" OR "
                + "SensitiveType:\"us-ssn\"")).path("statistics").path("topSensitiveTypes");
        assertThat(stats.get(0).path("sensitiveType").asString()).isEqualTo("credit-card-number");
        assertThat(stats.get(0).path("items").asLong()).isEqualTo(3);
        assertThat(stats.get(0).path("matches").asLong()).isEqualTo(9);
        assertThat(stats.get(1).path("sensitiveType").asString()).isEqualTo("us-ssn");
    }

    private long insertItem(long mailboxId, String body) {
        String id = "msg-" + UUID.randomUUID();
        jdbc.update("""
                INSERT INTO mail_item (workspace_id, message_id, mailbox_id, conversation_id, kind, item_class, folder, sender,
                                       recipients, subject, body, body_sha256, size_bytes, sent_at, ingested_at)
                VALUES (?, ?, ?, 'conv-late', 'prompt', 'IPM.SkypeTeams.Message.CloudAIApp.SaaS.ChatGPTEnterprise',
                        'TeamsMessagesData', 'late@example.com', 'ChatGPT Enterprise', 'late', ?, SHA2(?, 256), 10, ?, ?)""",
                WS, id, mailboxId, body, body, Utc.now(), Utc.now());
        return jdbc.queryForObject("SELECT id FROM mail_item WHERE message_id = ?", Long.class, id);
    }

    private JobExecution waitFor(long executionId) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !jobRepository.getJobExecution(executionId).isRunning());
        return jobRepository.getJobExecution(executionId);
    }
}

package io.custodia.source;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ingest.IngestJobLauncher;
import io.custodia.support.HubClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connector coverage against the simulator: every Logs Platform event type (the Codex ones through the
 * organization path) lands in the store exactly as the ground truth counts it, with freshness recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "custodia.simulator.history=PT45M",
    "custodia.simulator.workspaces[0].id=" + ConnectorCoverageTest.WS,
    "custodia.simulator.workspaces[0].api-key=sim-demo-key",
    "custodia.simulator.workspaces[0].seed=42",
    "custodia.simulator.workspaces[0].users=12",
    "custodia.simulator.workspaces[0].messages-per-minute=20",
    "custodia.simulator.workspaces[0].organization-id=" + ConnectorCoverageTest.ORG,
    "custodia.workspaces[0].id=" + ConnectorCoverageTest.WS,
    "custodia.workspaces[0].name=Coverage",
    "custodia.workspaces[0].api-key=sim-demo-key",
    "custodia.workspaces[0].schedule=0/5 * * * * ?",
    "custodia.workspaces[0].users-schedule=0/5 * * * * ?",
    "custodia.workspaces[0].event-types=CONVERSATION_MESSAGE,AUTH_LOG,AUDIT_LOG,APP_LOG,APP_AUTH_LOG,CUSTOM_AGENTS_LOG",
    "custodia.workspaces[0].organization-id=" + ConnectorCoverageTest.ORG,
    "custodia.workspaces[0].organization-event-types=CODEX_LOG,CODEX_SECURITY_LOG",
    "custodia.source.catalog-schedule=0/5 * * * * ?",
    // a second workspace whose messages come only from the conversations backfill
    "custodia.simulator.workspaces[1].id=" + ConnectorCoverageTest.WS2,
    "custodia.simulator.workspaces[1].api-key=sim-other-key",
    "custodia.simulator.workspaces[1].seed=7",
    "custodia.simulator.workspaces[1].users=5",
    "custodia.simulator.workspaces[1].messages-per-minute=6",
    "custodia.simulator.workspaces[1].file-rate=0.2",
    "custodia.workspaces[1].id=" + ConnectorCoverageTest.WS2,
    "custodia.workspaces[1].api-key=sim-other-key",
    "custodia.workspaces[1].schedule=0/5 * * * * ?",
    "custodia.workspaces[1].event-types=AUTH_LOG",
    "custodia.source.deletes.enabled=true",
    "custodia.retention.source-deletion.enabled=true",
})
@ActiveProfiles("test")
class ConnectorCoverageTest {

    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";
    static final String WS2 = "3f0b7a1e-0c2d-4e5f-8a9b-1c2d3e4f5a6b";
    static final String ORG = "org-CustodiaCoverage0001";
    static final List<String> TYPES = List.of("CONVERSATION_MESSAGE", "AUTH_LOG", "AUDIT_LOG", "APP_LOG",
            "APP_AUTH_LOG", "CODEX_LOG", "CODEX_SECURITY_LOG", "CUSTOM_AGENTS_LOG");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;
    @Autowired
    SourceFreshness freshness;
    @Autowired
    CustodianDirectory directory;
    @Autowired
    org.apache.camel.ProducerTemplate producer;
    @Autowired
    org.springframework.beans.factory.ObjectProvider<io.custodia.retention.SourceDeletion> sourceDeletion;
    @Autowired
    io.custodia.retention.RetentionJobLauncher retention;

    HubClient hub;
    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    HttpResponse<String> api(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sim/v1/compliance/" + path))
                .header("Authorization", "Bearer sim-demo-key").method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> workspaceTruth() {
        return workspaceTruth(WS);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> workspaceTruth(String ws) {
        return ((List<Map<String, Object>>) hub.truth().get("workspaces")).stream()
                .filter(w -> ws.equals(w.get("workspaceId"))).findFirst().orElseThrow();
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    long collected(String type) {
        if (type.equals("CONVERSATION_MESSAGE")) {
            return jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", Long.class, WS);
        }
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE source_key LIKE ?", Long.class,
                "event:" + WS + ":" + type + ":%");
    }

    void awaitConverged() {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Object> events = HubClient.map(workspaceTruth(), "events");
            return !ingest.busy() && TYPES.stream().allMatch(t -> collected(t) == num(events, t));
        });
    }

    @Test
    void everyEventTypeLandsExactlyOnceWithItsOriginalJsonAndFreshness() {
        awaitConverged();
        Map<String, Object> events = HubClient.map(workspaceTruth(), "events");
        for (String type : TYPES) {
            assertThat(num(events, type)).as(type).isPositive();
            assertThat(collected(type)).as(type).isEqualTo(num(events, type));
        }
        Map<String, Object> truth = workspaceTruth();
        assertThat(count("SELECT COUNT(*) FROM conversation WHERE workspace_id = ?", WS)).isEqualTo(num(truth, "conversations"));
        assertThat(count("SELECT COUNT(*) FROM attachment WHERE workspace_id = ?", WS)).isEqualTo(num(truth, "files"));
        // records other than messages keep their original JSON line, and their natural key is the event id
        for (String type : TYPES.subList(1, TYPES.size())) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT object_id, original FROM audit_record WHERE source_key LIKE ? LIMIT 5", "event:" + WS + ":" + type + ":%");
            for (Map<String, Object> row : rows) {
                JsonNode original = json.readTree((String) row.get("original"));
                assertThat(original.path("type").asString()).isEqualTo(type);
                assertThat(original.path("event_id").asString()).isEqualTo(row.get("object_id"));
            }
            // freshness: the source's newest event is the newest the hub collected (all of it is collected)
            String newest = jdbc.queryForObject("SELECT MAX(JSON_VALUE(original, '$.timestamp')) FROM audit_record WHERE source_key LIKE ?",
                    String.class, "event:" + WS + ":" + type + ":%");
            assertThat(freshness.maxEventTime(WS, type)).as(type).contains(Instant.parse(newest));
        }
        assertThat(freshness.maxEventTime(WS, "CONVERSATION_MESSAGE")).isPresent();
        // the Codex streams went through the organization path, the others did not
        Map<String, Object> requests = HubClient.map(HubClient.map(hub.truth(), "requests"), WS);
        long codexFiles = count("SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ? AND event_type IN ('CODEX_LOG', 'CODEX_SECURITY_LOG')", WS);
        assertThat(codexFiles).isPositive();
        long orgGets = num(requests, "org.logs.get");
        assertThat(orgGets).isGreaterThanOrEqualTo(codexFiles); // other tests fetch one too
        // one download per staged file (the organization path serves the same signed files)
        assertThat(num(requests, "logs.get")).isEqualTo(
                count("SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ? AND file_id LIKE 'clf\\_%'", WS) + orgGets - codexFiles);
    }

    @Test
    void organizationPathServesOrgScopedTypesAndRejectsWorkspaceScopedOnes() throws Exception {
        HttpResponse<String> rejected = api("GET", "organizations/" + ORG + "/logs?event_type=AUTH_LOG&after=1970-01-01T00:00:00Z");
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(rejected.body()).contains("AUTH_LOG is a workspace-scoped event type");
        JsonNode page = json.readTree(api("GET", "organizations/" + ORG + "/logs?event_type=CODEX_LOG&after=1970-01-01T00:00:00Z&limit=2").body());
        assertThat(page.path("data")).hasSize(2);
        String id = page.path("data").get(0).path("id").asString();
        assertThat(api("GET", "organizations/" + ORG + "/logs/" + id).statusCode()).isEqualTo(307);
        assertThat(api("GET", "organizations/org-unknown/logs?event_type=CODEX_LOG&after=1970-01-01T00:00:00Z").statusCode()).isEqualTo(404);
        JsonNode fresh = json.readTree(api("GET", "workspaces/" + WS + "/max_event_time?event_type=AUDIT_LOG&event_type=CODEX_LOG").body());
        assertThat(Instant.parse(fresh.path("max_event_time").path("AUDIT_LOG").asString())).isAfter(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(fresh.path("max_event_time").has("CODEX_LOG")).isTrue();
        assertThat(api("GET", "workspaces/" + WS + "/max_event_time").statusCode()).isEqualTo(422);
    }

    @Test
    @SuppressWarnings("unchecked")
    void custodianDirectoryFollowsTheUsersListWithJoinersLeaversAndRoleChanges() {
        Map<String, Object> sim = hub.get("/sim/admin/workspaces/" + WS + "/directory");
        List<Map<String, Object>> users = (List<Map<String, Object>>) sim.get("users");
        List<Map<String, Object>> changes = (List<Map<String, Object>>) sim.get("changes");
        assertThat(changes).extracting(c -> c.get("kind")).contains("joined");
        await().atMost(Duration.ofMinutes(2)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM custodian WHERE workspace_id = ?", Long.class, WS) == users.size());
        for (Map<String, Object> u : users) {
            Map<String, Object> row = jdbc.queryForMap("SELECT role, status, email FROM custodian WHERE workspace_id = ? AND user_id = ?",
                    WS, u.get("id"));
            assertThat(row).containsEntry("role", u.get("role")).containsEntry("status", u.get("status"))
                    .containsEntry("email", u.get("email"));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM custodian WHERE workspace_id = ? AND status = 'inactive'", Long.class, WS))
                .isEqualTo(users.stream().filter(u -> "inactive".equals(u.get("status"))).count());

        // a later sync that sees changes records each of them in the audit log; the first sync is the baseline
        String ws = "ws-directory-test";
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        directory.upsert(List.of(new Custodian(ws, "user-a", "a@x.test", "A", "standard-user", "active", created),
                new Custodian(ws, "user-b", "b@x.test", "B", "standard-user", "active", created)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE user_id = ? AND audit_data LIKE ?", Long.class,
                CustodianDirectory.SYNC_USER, "%" + ws + "%")).isZero();
        directory.upsert(List.of(new Custodian(ws, "user-a", "a@x.test", "A", "account-admin", "active", created),
                new Custodian(ws, "user-b", "b@x.test", "B", "standard-user", "inactive", created),
                new Custodian(ws, "user-c", "c@x.test", "C", "standard-user", "active", created)));
        assertThat(jdbc.queryForList("SELECT CONCAT(operation, ':', object_id) FROM audit_record WHERE user_id = ? AND audit_data LIKE ? ORDER BY 1",
                String.class, CustodianDirectory.SYNC_USER, "%" + ws + "%"))
                .containsExactly("CustodianJoined:user-c", "CustodianRoleChanged:user-a", "CustodianStatusChanged:user-b");
        assertThat(jdbc.queryForMap("SELECT role, status FROM custodian WHERE workspace_id = ? AND user_id = 'user-b'", ws))
                .containsEntry("status", "inactive");
    }

    @Test
    void gptsAndProjectsAreServedAsTheReferenceSays() throws Exception {
        JsonNode gpts = json.readTree(api("GET", "workspaces/" + WS + "/gpts?limit=3").body());
        assertThat(gpts.path("data")).hasSize(3);
        assertThat(gpts.path("has_more").asBoolean()).isTrue();
        JsonNode gpt = gpts.path("data").get(0);
        assertThat(gpt.path("object").asString()).isEqualTo("compliance.workspace.gpt");
        assertThat(gpt.path("owner_email").asString()).contains("@");
        assertThat(gpt.path("sharing").path("visibility").asString()).isNotBlank();
        assertThat(gpt.path("latest_config").path("data").get(0).path("name").asString()).isNotBlank();
        JsonNode rest = json.readTree(api("GET", "workspaces/" + WS + "/gpts?after=" + gpts.path("last_id").asString()).body());
        assertThat(rest.path("data")).hasSize(1); // 4 live workspace GPTs: no deleted, no third-party ones
        JsonNode configs = json.readTree(api("GET", "workspaces/" + WS + "/gpts/" + gpt.path("id").asString() + "/configs").body());
        assertThat(configs.path("data").get(0).path("id").asString())
                .isEqualTo(gpt.path("latest_config").path("data").get(0).path("id").asString()); // newest first
        Map<String, Object> catalog = hub.get("/sim/admin/workspaces/" + WS + "/catalog");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) catalog.get("entries");
        for (Map<String, Object> e : entries) {
            String path = "workspaces/" + WS + "/" + e.get("kind") + "s/" + e.get("id");
            HttpResponse<String> one = api("GET", path);
            switch ((String) e.get("state")) {
                case "DELETED" -> assertThat(one.statusCode()).as(path).isEqualTo(404);
                case "THIRD_PARTY" -> {
                    assertThat(one.statusCode()).isEqualTo(200);
                    assertThat(json.readTree(one.body()).has("owner_email")).isFalse();
                }
                default -> assertThat(json.readTree(one.body()).path("owner_email").asString()).isEqualTo(e.get("ownerEmail"));
            }
        }
        JsonNode projects = json.readTree(api("GET", "workspaces/" + WS + "/projects").body());
        assertThat(projects.path("data")).hasSize(3);
        assertThat(projects.path("data").get(0).path("id").asString()).startsWith("g-p-");
    }

    @Test
    @SuppressWarnings("unchecked")
    void itemsShowTheNamesAndOwnersOfTheGptsAndProjectsTheyUsed() {
        awaitConverged();
        List<Map<String, Object>> entries = (List<Map<String, Object>>) hub.get("/sim/admin/workspaces/" + WS + "/catalog").get("entries");
        // every GPT/project items used is settled: listed, looked up (third-party) or not found (deleted)
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM mail_item_agent WHERE (gpt_id IS NOT NULL AND gpt_status IS NULL)
                   OR (project_id IS NOT NULL AND project_status IS NULL)""", Long.class) == 0);
        for (Map<String, Object> e : entries) {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT status, name, owner_email FROM source_catalog WHERE object_id = ?", e.get("id"));
            switch ((String) e.get("state")) {
                case "LIVE" -> assertThat(rows).singleElement().satisfies(r -> {
                    assertThat(r).containsEntry("status", "LISTED").containsEntry("name", e.get("name"))
                            .containsEntry("owner_email", e.get("ownerEmail"));
                });
                case "DELETED" -> assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("status", "NOT_FOUND")
                        .containsEntry("name", e.get("name"))); // the name the messages gave it
                default -> assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("status", "LOOKED_UP").containsEntry("owner_email", null));
            }
        }
        long used = jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE gpt_id IS NOT NULL OR project_id IS NOT NULL", Long.class);
        assertThat(used).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item_agent", Long.class)).isEqualTo(used);
        // an item of a live GPT shows its name and owner through the API
        Map<String, Object> live = entries.stream().filter(e -> e.get("state").equals("LIVE") && e.get("kind").equals("gpt")
                && jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE gpt_id = ?", Long.class, e.get("id")) > 0).findFirst().orElseThrow();
        String messageId = jdbc.queryForObject("SELECT message_id FROM mail_item WHERE gpt_id = ? LIMIT 1", String.class, live.get("id"));
        Map<String, Object> agent = hub.get("/api/v1/workspaces/" + WS + "/items/" + messageId + "/agent");
        assertThat(agent).containsEntry("gptId", live.get("id")).containsEntry("gptName", live.get("name"))
                .containsEntry("gptOwnerEmail", live.get("ownerEmail"));
        assertThat(hub.raw().get().uri("/api/v1/workspaces/" + WS + "/catalog").retrieve().body(List.class)).isNotEmpty();
    }

    void backfill(String ws) {
        org.apache.camel.Exchange done = producer.request("direct:backfill-conversations",
                e -> e.getIn().setHeader(ComplianceApi.WORKSPACE, ws));
        assertThat(done.getException()).isNull();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                !ingest.busy() && count("SELECT COUNT(*) FROM staged_log_file WHERE status = 'READY'") == 0);
    }

    @Test
    void backfillFromConversationsStoresEveryMessageOnceAlongsideTheLogsPlatform() {
        // a workspace whose messages come only from the backfill: the store equals the simulator's truth
        Map<String, Object> truth = workspaceTruth(WS2);
        backfill(WS2);
        assertThat(count("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", WS2)).isEqualTo(num(truth, "messages"));
        assertThat(count("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ? AND kind = 'prompt'", WS2)).isEqualTo(num(truth, "prompts"));
        assertThat(count("SELECT COUNT(*) FROM conversation WHERE workspace_id = ?", WS2)).isEqualTo(num(truth, "conversations"));
        assertThat(count("SELECT COUNT(*) FROM attachment WHERE workspace_id = ? AND sha256 IS NOT NULL", WS2)).isEqualTo(num(truth, "files"));
        assertThat(count("SELECT COUNT(*) FROM quarantine")).isZero();
        // large conversations were paged through /messages
        Map<String, Object> requests = HubClient.map(HubClient.map(hub.truth(), "requests"), WS2);
        assertThat(num(requests, "conversations.messages")).isPositive();
        // a second backfill stages nothing new and stores nothing twice
        long staged = count("SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ?", WS2);
        backfill(WS2);
        assertThat(count("SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ?", WS2)).isEqualTo(staged);
        assertThat(count("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", WS2)).isEqualTo(num(truth, "messages"));

        // a workspace collected from the Logs Platform: the backfill brings the same messages, stored once
        awaitConverged();
        backfill(WS);
        assertThat(count("SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ? AND file_id LIKE 'bf\\_%'", WS)).isPositive();
        assertThat(collected("CONVERSATION_MESSAGE")).isEqualTo(num(workspaceTruth(), "messages"));
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'ConnectedAIAppInteraction' AND workspace_id = ?", WS))
                .isEqualTo(num(workspaceTruth(), "responses"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void deletesAtTheSourceAreACapabilityAndEveryCallIsAudited() throws Exception {
        // retention's deletion at the source is this client when custodia.source.deletes.enabled=true
        assertThat(sourceDeletion.getIfAvailable()).isInstanceOf(ComplianceDeletes.class);
        ComplianceDeletes deletes = (ComplianceDeletes) sourceDeletion.getObject();
        JsonNode conversations = json.readTree(api("GET", "workspaces/" + WS + "/conversations?since_timestamp=0&limit=2").body());
        String conversation = conversations.path("data").get(0).path("id").asString();
        String other = conversations.path("data").get(1).path("id").asString();
        assertThat(api("GET", "workspaces/" + WS + "/conversations/" + conversation + "/messages").statusCode()).isEqualTo(200);

        deletes.deleteConversation(WS, conversation);
        assertThat(api("GET", "workspaces/" + WS + "/conversations/" + conversation + "/messages").statusCode()).isEqualTo(404);
        assertThat(api("GET", "workspaces/" + WS + "/conversations?since_timestamp=0&limit=500").body()).doesNotContain(conversation).contains(other);
        assertThat((List<String>) hub.get("/sim/admin/workspaces/" + WS + "/deletions").get("conversations")).containsExactly(conversation);
        // deleting it again: already gone counts as deleted, and is audited too
        deletes.deleteConversation(WS, conversation);
        assertThat(jdbc.queryForList("SELECT result_status FROM audit_record WHERE operation = 'ComplianceApiDeleteConversation' AND object_id = ?",
                String.class, conversation)).containsExactly("Succeeded", "Succeeded");
        assertThat(jdbc.queryForList("SELECT audit_data FROM audit_record WHERE operation = 'ComplianceApiDeleteConversation' AND object_id = ?",
                String.class, conversation)).anySatisfy(d -> assertThat(d).contains("\"outcome\":\"deleted\"", "\"httpStatus\":200"))
                .anySatisfy(d -> assertThat(d).contains("\"outcome\":\"already gone\"", "\"httpStatus\":404"));

        // an uploaded file: the delete endpoint, then the file answers 404
        await().atMost(Duration.ofMinutes(3)).until(() -> count("SELECT COUNT(*) FROM file_blob WHERE workspace_id = ? AND status = 'FETCHED'", WS) > 0);
        Map<String, Object> file = jdbc.queryForMap("SELECT user_id, file_id FROM file_blob WHERE workspace_id = ? AND status = 'FETCHED' LIMIT 1", WS);
        String path = "workspaces/" + WS + "/users/" + file.get("user_id") + "/files/" + file.get("file_id");
        assertThat(api("GET", path).statusCode()).isEqualTo(307);
        deletes.deleteUserFile(WS, (String) file.get("user_id"), (String) file.get("file_id"));
        assertThat(api("GET", path).statusCode()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'ComplianceApiDeleteUserFile' AND object_id = ? AND result_status = 'Succeeded'",
                file.get("file_id"))).isEqualTo(1);
        // a refused delete (wrong key) is audited as failed and reported as not to be retried
        HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/sim/v1/compliance/workspaces/" + WS + "/conversations/" + other)).header("Authorization", "Bearer nope")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongKey.statusCode()).isEqualTo(401);

        // retention's deletion at the source goes through this client: a pending request is carried out
        await().atMost(Duration.ofMinutes(3)).until(() -> count("SELECT COUNT(*) FROM conversation WHERE workspace_id = ? AND conversation_id = ?", WS, other) == 1);
        long mailbox = count("SELECT mailbox_id FROM conversation WHERE workspace_id = ? AND conversation_id = ?", WS, other);
        jdbc.update("""
                INSERT INTO retention_source_deletion (workspace_id, conversation_id, mailbox_id, rule, status, requested_run, requested_at)
                VALUES (?, ?, ?, 'test rule', 'PENDING', '00000000-0000-0000-0000-000000000000', UTC_TIMESTAMP(6))""", WS, other, mailbox);
        retention.start(Instant.now(), false, "admin");
        await().atMost(Duration.ofMinutes(2)).until(() -> "DELETED".equals(jdbc.queryForObject(
                "SELECT status FROM retention_source_deletion WHERE workspace_id = ? AND conversation_id = ?", String.class, WS, other)));
        assertThat((List<String>) hub.get("/sim/admin/workspaces/" + WS + "/deletions").get("conversations")).contains(other);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'ComplianceApiDeleteConversation' AND object_id = ? AND result_status = 'Succeeded'", other))
                .isEqualTo(1);
        // retention audits its decision as well (its own record)
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE operation = 'SourceConversationDeleted' AND object_id = ?", other)).isEqualTo(1);
    }
}

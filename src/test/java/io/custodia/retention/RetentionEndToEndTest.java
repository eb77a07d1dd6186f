package io.custodia.retention;

import static io.custodia.support.HubClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import io.custodia.audit.AuditSealer;
import io.custodia.ingest.IngestJobLauncher;
import io.custodia.support.Convergence;
import io.custodia.support.HubClient;

/**
 * The "done when", end to end on the simulator's fixed history: policies "delete after 30 days,
 * all users" and "retain 3650 days for one user", a hold on a third user's mailbox; a run with asOf a
 * year ahead leaves the second and third users' items in place and moves everyone else's to the
 * recoverable area; a run past the grace period purges them; the run reports and the mailbox counts
 * agree; the audit chain verifies. Also: who may read the audit log, sign-in records, search and export.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // half an hour of the fixed history is plenty of users and items, and converges quickly
        "custodia.simulator.history=PT30M",
        "custodia.security.users[0].username=auditor",
        "custodia.security.users[0].password={noop}auditor-pw",
        "custodia.security.users[0].roles[0]=AUDIT_READER",
        "custodia.security.users[1].username=viewer",
        "custodia.security.users[1].password={noop}viewer-pw",
        "custodia.security.users[1].roles[0]=CONTENT_VIEWER",
        "custodia.security.users[2].username=operator",
        "custodia.security.users[2].password={noop}operator-pw",
        "custodia.security.users[2].roles[0]=OPERATOR"})
@ActiveProfiles("test")
class RetentionEndToEndTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    /** The simulator's fixed test history starts here (application-test.yaml). */
    private static final Instant ORIGIN = Instant.parse("2026-01-05T00:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngestJobLauncher ingest;
    @Autowired
    AuditSealer sealer;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    @Test
    void doneWhen() {
        Map<String, Object> truth = hub.truth();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Convergence.converged(hub.stats(), truth) && !ingest.busy());
        Map<String, Long> before = mailboxItems();
        List<String> byItems = before.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey).toList();
        String retained = byItems.get(0);
        String held = byItems.get(1);
        long total = num(hub.stats(), "items");
        long keep = before.get(retained);
        long hold = before.get(held);
        long others = total - keep - hold;
        assertThat(others).isPositive();
        long keptConversations = jdbc.queryForObject("""
                SELECT COUNT(*) FROM conversation c JOIN mailbox m ON m.id = c.mailbox_id WHERE m.email IN (?, ?)""",
                Long.class, retained, held);

        assertThat(post("/api/v1/retention/policies", Map.of("name", "Delete after 30 days", "scope", Map.of("all", true),
                "action", "delete", "days", 30, "basis", "created"))).containsKey("id");
        assertThat(post("/api/v1/retention/policies", Map.of("name", "Retain 10 years for " + retained,
                "scope", Map.of("users", List.of(retained.toUpperCase())), "action", "retain", "days", 3650, "basis", "created")))
                .containsKey("id");
        jdbc.update("INSERT INTO legal_hold (case_id, name, scope, created_by, created_at) VALUES (7, 'Matter 7', 'custodian', 'admin', UTC_TIMESTAMP(6))");
        jdbc.update("INSERT INTO legal_hold_mailbox (hold_id, mailbox_id) SELECT MAX(h.id), (SELECT id FROM mailbox WHERE email = ?) FROM legal_hold h",
                held);

        Instant yearAhead = ORIGIN.plus(Duration.ofDays(365));
        // a dry run only reports
        Map<String, Object> dry = run(yearAhead, true);
        assertThat(dry).containsEntry("status", "COMPLETED");
        assertCounts(dry, "recoverable", others, "held", hold, "purged", 0);
        assertThat(mailboxItems()).isEqualTo(before);

        Map<String, Object> moved = run(yearAhead, false);
        assertThat(moved).containsEntry("status", "COMPLETED");
        assertCounts(moved, "evaluated", total, "retained", keep, "held", hold, "recoverable", others, "purged", 0);
        Map<String, Long> after = mailboxItems();
        assertThat(after.get(retained)).isEqualTo(keep);
        assertThat(after.get(held)).isEqualTo(hold);
        after.forEach((email, items) -> {
            if (!email.equals(retained) && !email.equals(held)) {
                assertThat(items).as(email).isZero();
            }
        });
        assertThat(after.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(num(moved, "evaluated") - num(moved, "recoverable"));
        Map<String, Object> stats = hub.stats();
        assertThat(num(stats, "items")).isEqualTo(keep + hold);
        assertThat(num(stats, "recoverableItems")).isEqualTo(others);
        assertThat(num(stats, "conversations")).isEqualTo(keptConversations);

        // why each item is where it is
        Map<String, Object> kept = explain(itemOf(retained), yearAhead);
        assertThat(kept).containsEntry("state", "live").containsEntry("decision", "retain");
        assertThat(kept.get("chain").toString()).contains(RetentionResolver.P1);
        Map<String, Object> onHold = explain(itemOf(held), yearAhead);
        assertThat(onHold).containsEntry("decision", "held").containsEntry("held", true);
        assertThat(onHold.get("holds").toString()).contains("Matter 7");
        long disposed = jdbc.queryForObject("SELECT MIN(id) FROM recoverable_item", Long.class);
        Map<String, Object> expired = explain(disposed, yearAhead);
        assertThat(expired).containsEntry("state", "recoverable").containsEntry("decision", "delete");
        assertThat(HubClient.map(expired, "disposal")).containsEntry("stage", "recoverable");

        // past the grace period: purged
        Map<String, Object> purged = run(yearAhead.plus(Duration.ofDays(2)), false);
        assertThat(purged).containsEntry("status", "COMPLETED");
        assertCounts(purged, "purged", others, "evaluated", keep + hold, "retained", keep, "held", hold, "recoverable", 0);
        assertThat(mailboxItems()).isEqualTo(after);
        stats = hub.stats();
        assertThat(num(stats, "items")).isEqualTo(keep + hold);
        assertThat(num(stats, "recoverableItems")).isZero();
        assertThat(num(stats, "conversations")).isEqualTo(keptConversations);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM conversation", Long.class)).isEqualTo(keptConversations);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM file_blob f WHERE NOT EXISTS
                    (SELECT 1 FROM attachment a WHERE a.workspace_id = f.workspace_id AND a.file_id = f.file_id)""", Long.class)).isZero();
        assertThat(explain(disposed, yearAhead)).containsEntry("state", "purged");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ItemMovedToRecoverable'", Long.class))
                .isEqualTo(others);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ItemPurged'", Long.class))
                .isEqualTo(others);

        // the audit chain verifies, over every record
        sealer.seal();
        Map<String, Object> verify = hub.get("/api/v1/audit/verify");
        assertThat(verify).containsEntry("ok", true).containsEntry("firstBroken", null);
        assertThat(num(verify, "records")).isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_record WHERE chain_pos > 0", Long.class));
        assertThat(num(verify, "records")).isGreaterThanOrEqualTo(num(truth, "interactions") + 2 * others);
    }

    @Test
    void onlyAuditReadersAndComplianceAdministratorsReadTheAuditLog() {
        assertThat(status(as("auditor", "auditor-pw"), "/api/v1/audit")).isEqualTo(200);
        assertThat(status(as("auditor", "auditor-pw"), "/api/v1/audit/verify")).isEqualTo(200);
        assertThat(status(as("auditor", "auditor-pw"), "/api/v1/audit/export?from=2099-01-01T00:00:00Z")).isEqualTo(200);
        assertThat(status(hub.raw(), "/api/v1/audit")).isEqualTo(200);
        for (String[] user : new String[][]{{"viewer", "viewer-pw"}, {"operator", "operator-pw"}}) {
            RestClient client = as(user[0], user[1]);
            assertThat(status(client, "/api/v1/audit")).as(user[0]).isEqualTo(403);
            assertThat(status(client, "/api/v1/audit/verify")).as(user[0]).isEqualTo(403);
            assertThat(status(client, "/api/v1/audit/export")).as(user[0]).isEqualTo(403);
        }
        assertThat(status(RestClient.builder().baseUrl("http://127.0.0.1:" + port).build(), "/api/v1/audit")).isEqualTo(401);
        // an audit reader reads retention, but cannot change it; operators run, but cannot write policies
        assertThat(status(as("auditor", "auditor-pw"), "/api/v1/retention/policies")).isEqualTo(200);
        assertThat(postStatus(as("auditor", "auditor-pw"), "/api/v1/retention/policies", Map.of("name", "x",
                "scope", Map.of("all", true), "action", "retain"))).isEqualTo(403);
        assertThat(postStatus(as("operator", "operator-pw"), "/api/v1/retention/policies", Map.of("name", "x",
                "scope", Map.of("all", true), "action", "retain"))).isEqualTo(403);
    }

    @Test
    void signInsAreRecordedAndTheLogIsSearchedPageByPageAndExportedAsJsonLines() {
        String ghost = "ghost-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(status(as(ghost, "wrong"), "/api/v1/stats")).isEqualTo(401);
        }
        assertThat(status(as("auditor", "auditor-pw"), "/api/v1/stats")).isEqualTo(200);
        assertThat(status(as("auditor", "auditor-pw"), "/api/v1/stats")).isEqualTo(200);

        Map<String, Object> first = hub.get("/api/v1/audit?operation=UserLoginFailed&user=" + ghost + "&size=2&page=0");
        assertThat(num(first, "total")).isEqualTo(3);
        assertThat((List<?>) first.get("records")).hasSize(2);
        Map<String, Object> record = castList(first.get("records")).get(0);
        assertThat(record).containsEntry("operation", "UserLoginFailed").containsEntry("userId", ghost)
                .containsEntry("recordType", 15).containsEntry("resultStatus", "Failed");
        assertThat(HubClient.map(record, "auditData")).containsEntry("Operation", "UserLoginFailed")
                .containsEntry("RecordType", 15).containsEntry("UserId", ghost);
        assertThat(castList(hub.get("/api/v1/audit?operation=UserLoginFailed&user=" + ghost + "&size=2&page=1").get("records")))
                .hasSize(1);
        assertThat(num(hub.get("/api/v1/audit?recordType=15&user=" + ghost), "total")).isEqualTo(3);
        assertThat(num(hub.get("/api/v1/audit?user=" + ghost + "&from=" + Instant.now().plusSeconds(3600)), "total")).isZero();
        // one success per user and address within the interval, however many requests
        assertThat(num(hub.get("/api/v1/audit?operation=UserLoggedIn&user=auditor"), "total")).isEqualTo(1);

        String lines = hub.raw().get().uri("/api/v1/audit/export?operation=UserLoginFailed&user=" + ghost)
                .retrieve().body(String.class);
        assertThat(lines.split("\n")).hasSize(3).allSatisfy(line ->
                assertThat(line).startsWith("{").contains("\"Operation\":\"UserLoginFailed\"", "\"UserId\":\"" + ghost + "\""));
        assertThat(num(hub.get("/api/v1/audit?operation=AuditLogExported&user=admin"), "total")).isPositive();

        assertThat(status(hub.raw(), "/api/v1/audit?from=yesterday")).isEqualTo(400);
        assertThat(status(hub.raw(), "/api/v1/audit?size=0")).isEqualTo(400);
    }

    // ------------------------------------------------------------------ helpers

    /** Asserts integer fields of a JSON object: name, value, name, value … */
    private static void assertCounts(Map<String, Object> json, Object... expected) {
        for (int i = 0; i < expected.length; i += 2) {
            assertThat(num(json, (String) expected[i])).as(expected[i] + " in " + json)
                    .isEqualTo(((Number) expected[i + 1]).longValue());
        }
    }

    /** Items per mailbox, by e-mail: what {@code GET /api/v1/mailboxes} ({@code [{"id","email","items"}]}) reports. */
    private Map<String, Long> mailboxItems() {
        Map<String, Long> items = new LinkedHashMap<>();
        jdbc.query("""
                SELECT m.email, COUNT(i.id) FROM mailbox m LEFT JOIN mail_item i ON i.mailbox_id = m.id
                GROUP BY m.id, m.email ORDER BY m.id""", rs -> {
            items.put(rs.getString(1), rs.getLong(2));
        });
        return items;
    }

    private long itemOf(String email) {
        return jdbc.queryForObject("SELECT MIN(i.id) FROM mail_item i JOIN mailbox m ON m.id = i.mailbox_id WHERE m.email = ?",
                Long.class, email);
    }

    private Map<String, Object> run(Instant asOf, boolean dryRun) {
        Map<String, Object> started = post("/api/v1/retention/run", Map.of("asOf", asOf.toString(), "dryRun", dryRun));
        long id = num(started, "id");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> !List.of("STARTING", "STARTED").contains(hub.get("/api/v1/retention/runs/" + id).get("status")));
        return hub.get("/api/v1/retention/runs/" + id);
    }

    private Map<String, Object> explain(long item, Instant asOf) {
        return hub.get("/api/v1/items/" + item + "/retention?asOf=" + asOf);
    }

    private Map<String, Object> post(String path, Object body) {
        return hub.raw().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(MAP);
    }

    private RestClient as(String user, String password) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    private static int status(RestClient client, String path) {
        return client.get().uri(path).exchange((req, res) -> res.getStatusCode().value());
    }

    private static int postStatus(RestClient client, String path, Object body) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> res.getStatusCode().value());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object o) {
        return (List<Map<String, Object>>) o;
    }
}

package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.custodia.ops.Api;
import io.custodia.support.SimulatorFiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quarantined staged lines processed again through the API: a line the current version can read becomes its
 * item (once, however often it is sent again) and leaves the quarantine with an audit record; a line that is
 * still broken stays with the new attempt's reason; an entry of collection is not a line (409); an unknown
 * entry is 404; only operators and compliance administrators may do it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.security.users[0].username=operator",
        "custodia.security.users[0].password={noop}operator",
        "custodia.security.users[0].roles[0]=OPERATOR",
        "custodia.security.users[1].username=viewer",
        "custodia.security.users[1].password={noop}viewer",
        "custodia.security.users[1].roles[0]=CONTENT_VIEWER"})
@ActiveProfiles({"test", "staged"}) // the test workspace is not collected: files are staged here
class QuarantineReprocessTest {

    static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QuarantineStore quarantine;
    @Autowired
    JsonMapper json;

    @Test
    void quarantinedLinesAreProcessedAgainOrStayWithTheirReason() throws Exception {
        SimulatorFiles.File file = new SimulatorFiles(port, WS, "sim-demo-key").download("CONVERSATION_MESSAGE", 10).stream()
                .filter(f -> new String(f.body(), StandardCharsets.UTF_8).split("\n").length >= 3).findFirst().orElseThrow();
        String[] lines = new String(file.body(), StandardCharsets.UTF_8).split("\n");
        String good = lines[0];
        String torn = lines[1].substring(0, lines[1].length() / 2);
        String messageId = json.readTree(good).path("message").path("id").asString();
        // as an earlier version left them: a line it refused that this one reads, a torn line, a listing page
        quarantine.put(WS, "CONVERSATION_MESSAGE", "ingest", ref(file, 1), "unsupported record (earlier version)",
                good.getBytes(StandardCharsets.UTF_8));
        quarantine.put(WS, "CONVERSATION_MESSAGE", "ingest", ref(file, 2), "not valid JSON", torn.getBytes(StandardCharsets.UTF_8));
        quarantine.put(WS, "CONVERSATION_MESSAGE", "collect", WS + "/CONVERSATION_MESSAGE/after", "listing page is not JSON",
                "<html>".getBytes(StandardCharsets.UTF_8));
        long goodId = idOf(ref(file, 1));
        long tornId = idOf(ref(file, 2));
        long pageId = idOf(WS + "/CONVERSATION_MESSAGE/after");
        Api operator = Api.as(port, "operator", "operator");

        assertThat(Api.as(port, "viewer", "viewer").post("/api/v1/quarantine/" + goodId + "/reprocess", Map.of()).status())
                .isEqualTo(403);
        assertThat(items(messageId)).isZero();

        Api.Response done = operator.post("/api/v1/quarantine/" + goodId + "/reprocess", Map.of());
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.map()).containsEntry("result", "REPROCESSED").containsEntry("items", 1)
                .containsEntry("reference", ref(file, 1));
        assertThat(items(messageId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE id = ?", Long.class, goodId)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM audit_record WHERE operation = 'QuarantineReprocessed' AND user_id = 'operator'
                  AND object_id = ?""", Long.class, ref(file, 1))).isEqualTo(1);
        assertThat(operator.post("/api/v1/quarantine/" + goodId + "/reprocess", Map.of()).status())
                .as("gone once processed").isEqualTo(404);

        Api.Response refused = operator.post("/api/v1/quarantine/" + tornId + "/reprocess", Map.of());
        assertThat(refused.status()).isEqualTo(422);
        assertThat((String) refused.map().get("reason")).startsWith("not valid JSON: ");
        assertThat(jdbc.queryForObject("SELECT reason FROM quarantine WHERE id = ?", String.class, tornId))
                .isEqualTo(refused.map().get("reason"));

        Api.Response page = operator.post("/api/v1/quarantine/" + pageId + "/reprocess", Map.of());
        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("not by ingest");

        // the whole workspace: the same line quarantined again (a duplicate file) is stored once; the torn one stays;
        // a line whose write the database refuses is reported and kept, and the others go on
        quarantine.put(WS, "CONVERSATION_MESSAGE", "ingest", ref(file, 1) + "0", "unsupported record (earlier version)",
                good.getBytes(StandardCharsets.UTF_8));
        String third = lines[2];
        String thirdMessage = json.readTree(third).path("message").path("id").asString();
        quarantine.put(WS, "CONVERSATION_MESSAGE", "ingest", ref(file, 3), "unsupported record (earlier version)",
                third.getBytes(StandardCharsets.UTF_8));
        long thirdId = idOf(ref(file, 3));
        jdbc.execute("CREATE TRIGGER refuse_reprocessed BEFORE INSERT ON mail_item FOR EACH ROW IF NEW.message_id = '"
                + thirdMessage + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF");
        Api.Response all;
        try {
            all = operator.post("/api/v1/quarantine/reprocess?workspace=" + WS, Map.of());
        } finally {
            jdbc.execute("DROP TRIGGER refuse_reprocessed");
        }
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.map()).containsEntry("reprocessed", 1).containsEntry("stillRefused", 1).containsEntry("failed", 1)
                .containsEntry("items", 1);
        assertThat(all.body()).contains("injected failure");
        assertThat(items(messageId)).isEqualTo(1);
        assertThat(items(thirdMessage)).isZero();
        assertThat(jdbc.queryForList("SELECT id FROM quarantine ORDER BY id", Long.class)).containsExactly(tornId, pageId, thirdId);
        assertThat((List<?>) all.map().get("entries")).hasSize(3);
    }

    private static String ref(SimulatorFiles.File file, int line) {
        return WS + "/" + file.id() + "#" + line;
    }

    private long idOf(String reference) {
        return jdbc.queryForObject("SELECT id FROM quarantine WHERE reference = ?", Long.class, reference);
    }

    private long items(String messageId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE workspace_id = ? AND message_id = ?", Long.class,
                WS, messageId);
    }
}

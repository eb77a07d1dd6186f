package io.custodia.ediscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import tools.jackson.databind.JsonNode;

/**
 * Searches against the known simulator history, hostile and malformed queries through the API, review
 * sets with audited content views, case visibility per role, mailboxes and the OpenAPI document (the
 * context of {@link ConvergedHubTest}, shared with {@link EdiscoveryScenarioTest}).
 */
class EdiscoveryApiTest extends ConvergedHubTest {

    @Autowired
    Cases cases;
    @Autowired
    ReviewSetController reviewSetController;

    @AfterEach
    void clearSecurity() {
        SecurityContextHolder.clearContext();
    }

    private long newCase(String name) {
        return api.ok("/api/v1/cases", Map.of("name", name)).path("id").asLong();
    }

    private long count(long caseId, String query) {
        return api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", query)).path("count").asLong();
    }

    @Test
    void searchCountsMatchTheSimulatorsHistory() {
        long caseId = newCase("counts");
        long all = truth.size();
        assertThat(count(caseId, "ItemClass:IPM.SkypeTeams.Message*")).isEqualTo(all);
        assertThat(count(caseId, "ItemClass:IPM.SkypeTeams.Message.ConnectedAIApp*"))
                .isEqualTo(expected(null, null, null, "IPM.SkypeTeams.Message.ConnectedAIApp"));
        assertThat(count(caseId, "itemclass:" + io.custodia.mailbox.ItemClasses.BROWSER))
                .isEqualTo(expected(null, null, null, io.custodia.mailbox.ItemClasses.BROWSER));
        assertThat(count(caseId, "Denver")).isEqualTo(expected("Denver", null, null, null));
        assertThat(count(caseId, "Denver OR Osaka")).isEqualTo(truth.stream().filter(m ->
                m.text().matches("(?s).*\\bDenver\\b.*") || m.text().matches("(?s).*\\bOsaka\\b.*")).count());
        assertThat(count(caseId, "Denver NOT Osaka")).isEqualTo(truth.stream().filter(m ->
                m.text().matches("(?s).*\\bDenver\\b.*") && !m.text().matches("(?s).*\\bOsaka\\b.*")).count());
        assertThat(count(caseId, "\"rollout in Denver\"")).isEqualTo(truth.stream().filter(m -> m.text().contains("rollout in Denver")).count());
        assertThat(count(caseId, "Denv*")).isEqualTo(expected("Denver", null, null, null));
        assertThat(count(caseId, "kind:prompt")).isEqualTo(truth.stream().filter(Msg::prompt).count());
        assertThat(count(caseId, "kind:response")).isEqualTo(truth.stream().filter(m -> !m.prompt()).count());
        assertThat(count(caseId, "kind:email")).isZero();
        Instant t = Instant.parse("2026-01-05T00:45:00Z");
        assertThat(count(caseId, "sent<" + t)).isEqualTo(truth.stream().filter(m -> m.at().isBefore(t)).count());
        assertThat(count(caseId, "sent:2026-01-05")).isEqualTo(all);
        assertThat(count(caseId, "sent:2026-01-04")).isZero();
        String email = truth.get(0).email();
        long byUser = truth.stream().filter(m -> m.email().equals(email)).count();
        assertThat(count(caseId, "custodian:" + email)).isEqualTo(byUser);
        assertThat(count(caseId, "participants:" + email)).isEqualTo(byUser);
        assertThat(count(caseId, "from:" + email)).isEqualTo(truth.stream().filter(m -> m.email().equals(email) && m.prompt()).count());
        assertThat(count(caseId, "to:" + email)).isEqualTo(truth.stream().filter(m -> m.email().equals(email) && !m.prompt()).count());
        assertThat(count(caseId, "subject:\"travel policy\"")).isEqualTo(truth.stream()
                .filter(m -> m.title().toLowerCase().contains("travel policy")).count());
        long withFiles = jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE has_attachments", Long.class);
        assertThat(count(caseId, "hasattachment:true")).isEqualTo(withFiles).isPositive();
        assertThat(count(caseId, "hasattachment:false")).isEqualTo(all - withFiles);
        assertThat(count(caseId, "attachmentnames:q3-revenue-summary.pdf")).isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(DISTINCT item_id) FROM attachment WHERE name = 'q3-revenue-summary.pdf'", Long.class)).isPositive();
        assertThat(count(caseId, "attachmentnames:q3*")).isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(DISTINCT item_id) FROM attachment WHERE name LIKE 'q3%'", Long.class));
        assertThat(count(caseId, "size>=1000")).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item WHERE size_bytes >= 1000", Long.class));
    }

    @Test
    void injectionAttemptsThroughEveryPropertyFindNothingAndChangeNothing() {
        long caseId = newCase("injection");
        long items = jdbc.queryForObject("SELECT COUNT(*) FROM mail_item", Long.class);
        List<String> hostile = List.of("' OR '1'='1", "x\" OR 1=1 --", "'; DROP TABLE mail_item; --", "%", "_", "\\' OR 1=1 #",
                "1) OR (1=1", "*/ UNION SELECT id FROM mailbox /*");
        List<String> properties = List.of("ItemClass", "participants", "from", "to", "subject", "attachmentnames",
                "sensitivitylabel", "custodian", "SensitiveType", "kind", "hasattachment", "sent", "size");
        int accepted = 0;
        for (String property : properties) {
            for (String value : hostile) {
                String q = property + ":\"" + value.replace("\"", "") + "\"";
                Api.Response r = api.post("/api/v1/cases/" + caseId + "/searches", Map.of("query", q));
                assertThat(r.status()).as(q).isIn(200, 400);
                if (r.status() == 200) {
                    accepted++;
                    long n = r.json().path("count").asLong();
                    // only subject can contain the literal text; nothing in the history does
                    assertThat(n).as(q).isZero();
                } else {
                    assertThat(r.json().path("position").asInt()).as(q).isPositive();
                }
            }
            // a hostile free keyword too
            assertThat(api.post("/api/v1/cases/" + caseId + "/searches", Map.of("query", "\"' OR 1=1 --\"")).status()).isIn(200, 400);
        }
        assertThat(accepted).isGreaterThan(50);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_item", Long.class)).isEqualTo(items);
    }

    @Test
    void malformedQueriesAreRefusedWithPositionAndExpectation() {
        long caseId = newCase("bad queries");
        Api.Response r = api.post("/api/v1/cases/" + caseId + "/searches", Map.of("query", "ItemClass:IPM* AND (Lisbon OR"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("position").asInt()).isEqualTo(30); // end of query: one past the last character
        assertThat(r.json().path("expected").asString()).isEqualTo("a keyword, a property restriction or '('");
        assertThat(r.json().path("found").asString()).isEqualTo("end of query");
        Api.Response date = api.post("/api/v1/cases/" + caseId + "/searches", Map.of("query", "sent>=2026-13-01"));
        assertThat(date.status()).isEqualTo(400);
        assertThat(date.json().path("position").asInt()).isEqualTo(7);
        // nothing was recorded for them
        assertThat(api.ok("/api/v1/cases/" + caseId + "/searches").size()).isZero();
        // unknown case, bad format
        assertThat(api.post("/api/v1/cases/999999/searches", Map.of("query", "a1")).status()).isEqualTo(404);
        long searchId = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", "Denver")).path("id").asLong();
        assertThat(api.post("/api/v1/cases/" + caseId + "/exports", Map.of("searchId", searchId, "format", "pst")).status()).isEqualTo(400);
    }

    @Test
    void reviewSetsTagCommentAndAuditContentViews() {
        long caseId = newCase("review");
        long searchId = api.ok("/api/v1/cases/" + caseId + "/searches", Map.of("query", "Osaka kind:response")).path("id").asLong();
        long rs = api.ok("/api/v1/cases/" + caseId + "/review-sets", Map.of("name", "first pass")).path("id").asLong();
        long added = api.ok("/api/v1/review-sets/" + rs + "/items", Map.of("searchId", searchId)).path("added").asLong();
        assertThat(added).isPositive();
        assertThat(api.ok("/api/v1/review-sets/" + rs + "/items", Map.of("searchId", searchId)).path("added").asLong()).isZero();
        JsonNode items = api.ok("/api/v1/review-sets/" + rs + "/items?limit=1000");
        assertThat(items.size()).isEqualTo((int) added);
        assertThat(items.get(0).has("body")).isFalse();
        long itemId = items.get(0).path("id").asLong();
        JsonNode tags = api.ok("/api/v1/review-sets/" + rs + "/items/" + itemId + "/tags", Map.of("add", List.of("responsive", "privileged")));
        assertThat(tags.toString()).isEqualTo("[\"privileged\",\"responsive\"]");
        api.ok("/api/v1/review-sets/" + rs + "/items/" + itemId + "/comments", Map.of("text", "mentions the Osaka office"));
        assertThat(api.ok("/api/v1/review-sets/" + rs + "/items?tag=privileged").size()).isEqualTo(1);

        long views = jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ViewedContent'", Long.class);
        JsonNode content = api.ok("/api/v1/review-sets/" + rs + "/items/" + itemId + "/content");
        assertThat(content.path("body").asString()).contains("Osaka").isEqualTo(
                jdbc.queryForObject("SELECT body FROM mail_item WHERE id = ?", String.class, itemId));
        assertThat(content.path("comments").get(0).path("text").asString()).isEqualTo("mentions the Osaka office");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ViewedContent'", Long.class)).isEqualTo(views + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'content.viewed' AND payload LIKE ?",
                Long.class, "%\"itemId\":" + itemId + "%")).isPositive();

        // an eDiscovery manager without the Content Viewer role may review but not read the text
        SecurityContextHolder.getContext().setAuthentication(user("manager", "EDISCOVERY_MANAGER", "EDISCOVERY_ADMIN"));
        assertThatThrownBy(() -> reviewSetController.content(rs, itemId, user("manager", "EDISCOVERY_MANAGER", "EDISCOVERY_ADMIN")))
                .isInstanceOf(AuthorizationDeniedException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'ViewedContent'", Long.class)).isEqualTo(views + 1);
    }

    @Test
    void managersSeeTheirCasesAdministratorsSeeAll() {
        Authentication alice = user("alice", "EDISCOVERY_MANAGER");
        Authentication bob = user("bob", "EDISCOVERY_MANAGER");
        Authentication admin = user("root", "EDISCOVERY_ADMIN");
        long a = cases.create("alice's case", null, alice);
        assertThat(cases.visible(alice)).extracting(Cases.Case::id).contains(a);
        assertThat(cases.visible(bob)).extracting(Cases.Case::id).doesNotContain(a);
        assertThat(cases.visible(admin)).extracting(Cases.Case::id).contains(a);
        assertThatThrownBy(() -> cases.get(a, bob)).isInstanceOf(NotFoundException.class);
        cases.addMember(a, "bob", alice);
        assertThat(cases.visible(bob)).extracting(Cases.Case::id).contains(a);
    }

    @Test
    void mailboxesAndTheOpenApiDocument() {
        JsonNode mailboxes = api.ok("/api/v1/mailboxes");
        long items = 0;
        for (JsonNode m : mailboxes) {
            assertThat(m.path("email").asString()).contains("@");
            assertThat(m.has("id")).isTrue();
            items += m.path("items").asLong();
        }
        assertThat(items).isEqualTo(truth.size());
        assertThat(mailboxes.size()).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM mailbox", Long.class).intValue());

        JsonNode docs = api.ok("/v3/api-docs");
        assertThat(docs.path("paths").has("/api/v1/cases")).isTrue();
        assertThat(docs.path("paths").has("/api/v1/cases/{caseId}/searches")).isTrue();
        assertThat(docs.path("paths").has("/api/v1/exports/{exportId}/download")).isTrue();
        assertThat(docs.path("paths").has("/api/v1/mailboxes")).isTrue();
        assertThat(docs.path("paths").has("/api/v1/stats")).isTrue();
        assertThat(new Api(port, null, null).get("/v3/api-docs").status()).isEqualTo(401);
    }

    private static Authentication user(String name, String... roles) {
        String[] authorities = java.util.Arrays.stream(roles).map(r -> "ROLE_" + r).toArray(String[]::new);
        TestingAuthenticationToken t = new TestingAuthenticationToken(name, "n/a", authorities);
        t.setAuthenticated(true);
        return t;
    }
}

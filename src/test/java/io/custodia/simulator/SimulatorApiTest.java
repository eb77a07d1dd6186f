package io.custodia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated API over HTTP: bearer keys, required parameters, redirects and signed URLs, as the reference says. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SimulatorApiTest {

    private static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
                : "http://127.0.0.1:" + port + "/sim/v1/compliance/workspaces/" + WS + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.security.web.FilterChainProxy securityFilters;

    @Test
    void simulatorRequestsPassNoneOfTheHubsSessionFiltersAndStayOutOfItsHttpMetrics() throws Exception {
        List<Class<?>> hubOnly = List.of(org.springframework.security.web.csrf.CsrfFilter.class,
                org.springframework.security.web.savedrequest.RequestCacheAwareFilter.class,
                org.springframework.security.web.context.SecurityContextHolderFilter.class,
                org.springframework.security.web.session.SessionManagementFilter.class,
                org.springframework.security.web.authentication.AnonymousAuthenticationFilter.class,
                org.springframework.security.web.authentication.logout.LogoutFilter.class);
        assertThat(securityFilters.getFilters("/sim/v1/compliance/workspaces/" + WS + "/users"))
                .noneMatch(f -> hubOnly.stream().anyMatch(c -> c.isInstance(f)));
        assertThat(securityFilters.getFilters("/api/v1/stats")).anyMatch(f -> f instanceof org.springframework.security.web.csrf.CsrfFilter);

        long securityObservations = securityObservations();
        assertThat(get("/users", "sim-demo-key").statusCode()).isEqualTo(200);
        assertThat(securityObservations()).as("Spring Security's observations of a simulator request").isEqualTo(securityObservations);
        assertThat(get("http://127.0.0.1:" + port + "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(meters.find("http.server.requests").timers())
                .anyMatch(t -> "/actuator/health".equals(t.getId().getTag("uri")))
                .noneMatch(t -> String.valueOf(t.getId().getTag("uri")).startsWith("/sim/"));
        assertThat(securityObservations()).as("the hub's own requests keep theirs").isGreaterThan(securityObservations);
    }

    /** Requests timed by Spring Security's filter chain observations, all chains and positions. */
    private long securityObservations() {
        return meters.find("spring.security.filterchains").timers().stream().mapToLong(t -> t.count()).sum();
    }

    @Test
    void wrongOrMissingKeyIs401() throws Exception {
        assertThat(get("/users", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = get("/users", "sk-wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).path("error").path("message").asString()).isNotBlank();
    }

    @Test
    void logsListingNeedsAfterAndAnswersInTheReferenceShape() throws Exception {
        HttpResponse<String> missing = get("/logs?event_type=AUTH_LOG", "sim-demo-key");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("after");
        JsonNode page = json.readTree(get("/logs?event_type=AUTH_LOG&after=1970-01-01T00:00:00Z&limit=3", "sim-demo-key").body());
        assertThat(page.path("data")).hasSize(3);
        assertThat(page.path("has_more").asBoolean()).isTrue();
        JsonNode file = page.path("data").get(0);
        assertThat(file.path("file_sha256").asString()).hasSize(64);
        assertThat(file.path("event_type").asString()).isEqualTo("AUTH_LOG");
        assertThat(page.path("last_end_time").asString()).isEqualTo(page.path("data").get(2).path("end_time").asString());
        JsonNode empty = json.readTree(get("/logs?event_type=AUTH_LOG&after=2099-01-01T00:00:00Z", "sim-demo-key").body());
        assertThat(empty.path("data")).isEmpty();
        assertThat(empty.path("last_end_time").isNull()).isTrue();
        assertThat(empty.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void logFileIsA307ToASignedUrlThatRefusesTheBearerKey() throws Exception {
        JsonNode page = json.readTree(get("/logs?event_type=CONVERSATION_MESSAGE&after=1970-01-01T00:00:00Z&limit=1", "sim-demo-key").body());
        String id = page.path("data").get(0).path("id").asString();
        HttpResponse<String> redirect = get("/logs/" + id, "sim-demo-key");
        assertThat(redirect.statusCode()).isEqualTo(307);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("se=", "sig=");
        assertThat(get(location, "sim-demo-key").statusCode()).isEqualTo(400);
        HttpResponse<String> body = get(location, null);
        assertThat(body.statusCode()).isEqualTo(200);
        assertThat(body.body().lines().map(json::readTree).allMatch(e -> e.path("type").asString().equals("CONVERSATION_MESSAGE"))).isTrue();
        assertThat(get(location.replaceAll("sig=[0-9a-f]{4}", "sig=0000"), null).statusCode()).isEqualTo(403);
        assertThat(get("/logs/clf_99zzzzzzzz", "sim-demo-key").statusCode()).isEqualTo(404);
    }

    @Test
    void uploadedFileIsServedFromItsSignedUrlWithItsTypeNameAndLength() throws Exception {
        JsonNode withFile = null;
        String after = "1970-01-01T00:00:00Z";
        while (withFile == null) {
            JsonNode page = json.readTree(get("/logs?event_type=CONVERSATION_MESSAGE&after=" + after + "&limit=20", "sim-demo-key").body());
            assertThat(page.path("data")).as("a message with an upload in the demo history").isNotEmpty();
            for (JsonNode file : page.path("data")) {
                String location = get("/logs/" + file.path("id").asString(), "sim-demo-key").headers().firstValue("Location").orElseThrow();
                withFile = get(location, null).body().lines().map(json::readTree)
                        .filter(e -> e.path("message").path("files").size() > 0).findFirst().orElse(null);
                if (withFile != null) {
                    break;
                }
            }
            after = page.path("last_end_time").asString();
        }
        String user = withFile.path("actor").path("user_id").asString();
        JsonNode ref = withFile.path("message").path("files").get(0);
        HttpResponse<String> redirect = get("/users/" + user + "/files/" + ref.path("id").asString(), "sim-demo-key");
        assertThat(redirect.statusCode()).isEqualTo(307);
        // answered by SimulatorRedirectFilter, ahead of Spring Security (whose header writer marks what it passes)
        assertThat(redirect.headers().firstValue("X-Content-Type-Options")).isEmpty();
        // what is not a download that succeeds is answered by the controller, as before the redirect filter
        assertThat(get("/users/someone-else/files/" + ref.path("id").asString(), "sim-demo-key").headers()
                .firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(get("/users/" + user + "/files/" + ref.path("id").asString(), "wrong-key").statusCode()).isEqualTo(401);
        assertThat(get("/users/" + user + "/files/" + ref.path("id").asString(), null).body()).contains("Missing bearer API key");
        assertThat(get("/users/someone-else/files/" + ref.path("id").asString(), "sim-demo-key").body())
                .contains("not found for user someone-else");
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://127.0.0.1:" + port + "/sim/blob/files/" + WS + "/" + ref.path("id").asString() + "?se=");
        HttpResponse<byte[]> body = http.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(body.statusCode()).isEqualTo(200);
        assertThat(body.headers().firstValue("Content-Type")).hasValue(ref.path("mime_type").asString());
        assertThat(body.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + ref.path("name").asString() + "\"");
        assertThat(body.headers().firstValueAsLong("Content-Length")).hasValue(body.body().length);
        assertThat(body.body()).isNotEmpty();
        assertThat(get(location, "sim-demo-key").body()).startsWith("InvalidAuthenticationInfo");
        // not a download: left to Spring MVC, which knows no such endpoint
        assertThat(http.send(HttpRequest.newBuilder(URI.create(location)).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isNotEqualTo(200);
        assertThat(get("http://127.0.0.1:" + port + "/sim/blob/files/" + WS, null).statusCode()).isEqualTo(404);
    }

    @Test
    void legacyConversationsEmbedMessagesWithFloatTimestampsAndRoles() throws Exception {
        assertThat(get("/conversations?since_timestamp=0&after=x", "sim-demo-key").statusCode()).isEqualTo(400);
        JsonNode page = json.readTree(get("/conversations?since_timestamp=0&limit=5", "sim-demo-key").body());
        assertThat(page.path("data")).hasSize(5);
        JsonNode conv = page.path("data").get(0);
        assertThat(conv.path("created_at").isNumber()).isTrue();
        JsonNode message = conv.path("messages").path("data").get(0);
        assertThat(message.path("author").path("role").asString()).isEqualTo("user");
        assertThat(message.path("content").path("value").asString()).isNotBlank();
        JsonNode next = json.readTree(get("/conversations?after=" + page.path("last_id").asString() + "&limit=5", "sim-demo-key").body());
        assertThat(next.path("data").get(0).path("id").asString()).isNotEqualTo(conv.path("id").asString());
    }

    @Test
    void usersArePagedByLastId() throws Exception {
        JsonNode first = json.readTree(get("/users?limit=5", "sim-demo-key").body());
        assertThat(first.path("data")).hasSize(5);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        JsonNode second = json.readTree(get("/users?limit=50&after=" + first.path("last_id").asString(), "sim-demo-key").body());
        // 12 users at the origin, then the directory's joiners (UserDirectory): the truth counts them all
        long users = json.readTree(get("http://127.0.0.1:" + port + "/sim/admin/truth", null).body()).path("users").asLong();
        assertThat(users).isGreaterThan(12);
        assertThat(second.path("data").size() + 5).isEqualTo((int) users);
        assertThat(second.path("data").get(0).path("id").asString()).isGreaterThan(first.path("last_id").asString());
    }
}

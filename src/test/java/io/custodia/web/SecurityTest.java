package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Outside demo mode only configured users get in; health stays public. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "custodia.security.demo=false",
        "custodia.security.users[0].username=auditor",
        "custodia.security.users[0].password={noop}s3cret-Passw0rd",
        "custodia.security.users[0].roles=AUDIT_READER",
        "custodia.workspaces[0].id=7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70",
        "custodia.workspaces[0].enabled=false"})
@ActiveProfiles("test")
class SecurityTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private int status(String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void demoUserDoesNotExistOutsideDemoMode() throws Exception {
        assertThat(status("/api/v1/stats", "admin", "admin")).isEqualTo(401);
        assertThat(status("/api/v1/stats", null, null)).isEqualTo(401);
        assertThat(status("/api/v1/stats", "auditor", "s3cret-Passw0rd")).isEqualTo(200);
        assertThat(status("/api/v1/stats", "auditor", "wrong")).isEqualTo(401);
    }

    @Test
    void healthIsPublicAndUp() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
    }
}

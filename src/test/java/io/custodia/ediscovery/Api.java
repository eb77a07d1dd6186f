package io.custodia.ediscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The eDiscovery API as a client sees it: JSON over HTTP with Basic credentials, status codes kept. */
final class Api {

    record Response(int status, JsonNode json, byte[] bytes, HttpResponse<byte[]> raw) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String auth;

    Api(int port, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.auth = user == null ? null : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    static Api admin(int port) {
        return new Api(port, "admin", "admin");
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, Map<String, ?> body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ExportPackage.JSON.writeValueAsString(body))));
    }

    /** POST that must succeed; returns the JSON answer. */
    JsonNode ok(String path, Map<String, ?> body) {
        Response r = post(path, body);
        assertThat(r.status()).as(path + " " + new String(r.bytes())).isEqualTo(200);
        return r.json();
    }

    JsonNode ok(String path) {
        Response r = get(path);
        assertThat(r.status()).as(path + " " + new String(r.bytes())).isEqualTo(200);
        return r.json();
    }

    /** Starts an export and waits until it is COMPLETED; returns its final status. */
    JsonNode export(long caseId, long searchId, String format) {
        long id = ok("/api/v1/cases/" + caseId + "/exports", Map.of("searchId", searchId, "format", format)).path("id").asLong();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> !ok("/api/v1/exports/" + id).path("status").asString().matches("STARTING|RUNNING"));
        JsonNode status = ok("/api/v1/exports/" + id);
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
        return status;
    }

    private Response send(HttpRequest.Builder b) {
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && r.body().length > 0) {
                json = ExportPackage.JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), json, r.body(), r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

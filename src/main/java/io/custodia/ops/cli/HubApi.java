package io.custodia.ops.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's job API as the command line uses it: HTTP Basic, JSON. Failures become {@link Failure}s
 * carrying the exit code a scheduler sees.
 */
final class HubApi {

    /** A failed call, with the exit code it means and a message for the operator. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String user;
    private final String authorization;

    HubApi(String url, String user, char[] password) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.user = user;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : new String(password))).getBytes(StandardCharsets.UTF_8));
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, Object body) {
        String text = body == null ? "" : json.writeValueAsString(body);
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    static String pretty(JsonNode node) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new Failure(ExitCodes.USAGE, "bad hub URL " + base + ": " + e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(ExitCodes.UNREACHABLE, "hub " + base + " unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(ExitCodes.UNREACHABLE, "interrupted");
        } catch (IllegalArgumentException e) {
            throw new Failure(ExitCodes.USAGE, "bad hub URL " + base + ": " + e.getMessage());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body().isBlank() ? json.createObjectNode() : parse(response.body());
        }
        String message = message(response.body());
        switch (status) {
            case 401 -> throw new Failure(ExitCodes.REFUSED, user == null
                    ? "the hub wants credentials: set CUSTODIA_USER and CUSTODIA_PASSWORD (or --user, --password-file)"
                    : "the hub refused the credentials of user " + user);
            case 403 -> throw new Failure(ExitCodes.REFUSED, "user " + user + " may not do this: it needs role OPERATOR or COMPLIANCE_ADMIN");
            case 400, 404 -> throw new Failure(ExitCodes.USAGE, message);
            case 409 -> throw new Failure(ExitCodes.CONFLICT, message);
            default -> throw new Failure(ExitCodes.UNREACHABLE, "hub " + base + " answered " + status + ": " + message);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            throw new Failure(ExitCodes.UNREACHABLE, "the hub at " + base + " did not answer JSON (is this a Custodia hub?)");
        }
    }

    private String message(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node.hasNonNull("message")) {
                return node.get("message").asString();
            }
            if (node.hasNonNull("error")) {
                return node.get("error").asString();
            }
        } catch (RuntimeException e) {
            // not JSON: fall through
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}

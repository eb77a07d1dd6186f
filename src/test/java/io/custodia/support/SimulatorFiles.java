package io.custodia.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;


import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Downloads Logs Platform files from the in-process simulator, the way a client should (307, no key on the blob). */
public final class SimulatorFiles {

    public record File(String id, String endTime, byte[] body) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String key;

    public SimulatorFiles(int port, String workspace, String key) {
        this.base = "http://127.0.0.1:" + port + "/sim/v1/compliance/workspaces/" + workspace;
        this.key = key;
    }

    public List<File> download(String eventType, int max) throws Exception {
        List<File> files = new ArrayList<>();
        String after = "1970-01-01T00:00:00Z";
        while (files.size() < max) {
            JsonNode page = json.readTree(get(base + "/logs?event_type=" + eventType + "&after=" + after + "&limit=100", true).body());
            for (JsonNode f : page.path("data")) {
                if (files.size() == max) {
                    break;
                }
                HttpResponse<byte[]> redirect = get(base + "/logs/" + f.path("id").asString(), true);
                String location = redirect.headers().firstValue("Location").orElseThrow();
                files.add(new File(f.path("id").asString(), f.path("end_time").asString(), get(location, false).body()));
            }
            if (!page.path("has_more").asBoolean()) {
                break;
            }
            after = page.path("last_end_time").asString();
        }
        return files;
    }

    private HttpResponse<byte[]> get(String url, boolean withKey) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url));
        if (withKey) {
            req.header("Authorization", "Bearer " + key);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Stages files as collection would land them (READY, CONVERSATION_MESSAGE, plain bodies) and returns the
     * highest staged id before them: the files are {@code (returned id, returned id + files.size()]}.
     */
    public static long stage(org.springframework.jdbc.core.JdbcTemplate jdbc, String workspace, List<File> files) {
        Long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM staged_log_file", Long.class);
        for (File f : files) {
            jdbc.update("""
                    INSERT INTO staged_log_file (workspace_id, event_type, file_id, file_name, end_time, file_size, sha256,
                                                 body, status, landed_at)
                    VALUES (?, 'CONVERSATION_MESSAGE', ?, ?, ?, ?, ?, ?, 'READY', ?)""",
                    workspace, f.id(), f.id() + ".jsonl", Utc.toDb(java.time.Instant.parse(f.endTime())), f.body().length,
                    "0".repeat(64), f.body(), Utc.now());
        }
        return before;
    }
}

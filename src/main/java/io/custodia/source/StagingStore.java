package io.custodia.source;

import io.custodia.support.BinaryStatement;
import io.custodia.support.Utc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collection side of the staging area: raw log files exactly as downloaded and the native bytes of
 * uploaded files. Landing is idempotent by natural key (workspace + file id), which turns the API's
 * at-least-once delivery into exactly-once staging.
 */
@Component("stagingStore")
public class StagingStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonMapper json;

    public StagingStore(NamedParameterJdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Drops files of a listing page that are already staged (boundary re-deliveries, the poll overlap). */
    @SuppressWarnings("unchecked")
    public List<LogFileRef> notYetLanded(Exchange exchange) {
        List<LogFileRef> files = exchange.getIn().getBody(List.class);
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        Set<String> landed = new HashSet<>(jdbc.queryForList(
                "SELECT file_id FROM staged_log_file WHERE workspace_id = :ws AND file_id IN (:ids)",
                new MapSqlParameterSource("ws", ws).addValue("ids", files.stream().map(LogFileRef::id).toList()),
                String.class));
        // the same id twice on one page is also only fetched once
        Map<String, LogFileRef> fresh = new LinkedHashMap<>();
        for (LogFileRef f : files) {
            if (!landed.contains(f.id())) {
                fresh.putIfAbsent(f.id(), f);
            }
        }
        return new ArrayList<>(fresh.values());
    }

    /** Inserts the verified file; sets {@link ComplianceApi#CURSOR} to its {@code end_time} for the checkpoint. */
    public void landLogFile(Exchange exchange) {
        Message in = exchange.getIn();
        LogFileRef file = in.getHeader(ComplianceApi.LOG_FILE, LogFileRef.class);
        // a file quarantined by SignedDownloads is landed empty (its bytes are in the quarantine): the
        // checkpoint moves past it and the ingest job reads nothing from it
        boolean quarantined = Boolean.TRUE.equals(in.getHeader(SignedDownloads.QUARANTINED, Boolean.class));
        byte[] body = quarantined ? new byte[0] : in.getBody(byte[].class);
        StagedBodies.Encoded stored = StagedBodies.encode(body);
        BinaryStatement.update(jdbc.getJdbcOperations(), """
                INSERT INTO staged_log_file (workspace_id, event_type, file_id, file_name, end_time, file_size, sha256,
                                             body, body_encoding, status, landed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE file_id = file_id
                """, in.getHeader(ComplianceApi.WORKSPACE, String.class), in.getHeader(ComplianceApi.STREAM, String.class),
                file.id(), file.fileName(), Utc.toDb(file.endTime()), body.length, file.sha256(), stored.bytes(),
                stored.encoding(), quarantined ? "QUARANTINED" : "READY", Utc.now());
        in.setHeader(ComplianceApi.CURSOR, Cursors.format(file.endTime()));
    }

    /** Files referenced by the messages of a verified log file that are not stored yet. */
    public List<FileRef> filesToFetch(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        Map<String, FileRef> refs = new LinkedHashMap<>();
        // most messages carry no upload: only the lines that contain "files" are parsed (one pass over the bytes,
        // no copy: a conversation file is ~0.5 MB, and G1 treats arrays of half a region and more as humongous)
        for (int at = indexOf(body, FILES, 0); at >= 0; ) {
            int start = lastIndexOf(body, (byte) '\n', at) + 1;
            int end = indexOf(body, NEWLINE, at);
            end = end < 0 ? body.length : end;
            collectFiles(body, start, end - start, refs);
            at = indexOf(body, FILES, end);
        }
        if (refs.isEmpty()) {
            return List.of();
        }
        Set<String> stored = new HashSet<>(jdbc.queryForList(
                "SELECT file_id FROM file_blob WHERE workspace_id = :ws AND file_id IN (:ids)",
                new MapSqlParameterSource("ws", ws).addValue("ids", refs.keySet()), String.class));
        refs.keySet().removeAll(stored);
        return new ArrayList<>(refs.values());
    }

    private void collectFiles(byte[] body, int offset, int length, Map<String, FileRef> refs) {
        // a line may carry several records run together (seen in the wild; the ingest job splits them too)
        List<JsonNode> events = new ArrayList<>(1);
        try (tools.jackson.databind.MappingIterator<JsonNode> it = json.readerFor(JsonNode.class)
                .readValues(body, offset, length)) {
            while (it.hasNextValue()) {
                events.add(it.nextValue());
            }
        } catch (JacksonException e) {
            return; // the ingest job quarantines malformed lines with their reason
        }
        for (JsonNode event : events) {
            collectFiles(event, refs);
        }
    }

    private static void collectFiles(JsonNode event, Map<String, FileRef> refs) {
        JsonNode files = event.path("message").path("files");
        String userId = ComplianceApi.text(event.path("actor"), "user_id");
        if (userId == null || !files.isArray()) {
            return;
        }
        for (JsonNode f : files) {
            String id = ComplianceApi.text(f, "id");
            if (id != null) {
                refs.putIfAbsent(id, new FileRef(userId, id, ComplianceApi.text(f, "name"), ComplianceApi.text(f, "mime_type")));
            }
        }
    }

    private static final byte[] FILES = "\"files\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};

    /**
     * First index of {@code needle} in {@code body} at or after {@code from}, or -1 (the JDK has none for bytes).
     * The candidates are compared byte by byte in the loop: JSON has a quote every few bytes, and an
     * {@code Arrays.equals} call per quote was 8 % of the collection threads' samples (docs/performance.md).
     */
    private static int indexOf(byte[] body, byte[] needle, int from) {
        byte first = needle[0];
        candidates:
        for (int i = Math.max(from, 0), last = body.length - needle.length; i <= last; i++) {
            if (body[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue candidates;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] body, byte b, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Stores the bytes of a fetched upload. */
    public void storeBlob(Exchange exchange) {
        Message in = exchange.getIn();
        FileRef file = in.getHeader(ComplianceApi.FILE, FileRef.class);
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status != 200) {
            throw new ComplianceApiException(status, "download of file " + file.fileId() + " answered HTTP " + status);
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String contentType = file.contentType() != null ? file.contentType() : in.getHeader("Content-Type", String.class);
        upsertBlob(in.getHeader(ComplianceApi.WORKSPACE, String.class), file, contentType, body, "FETCHED", null);
    }

    /** Records that an upload could not be fetched (404, 410 expired …): the attachment keeps the reason. */
    public void blobUnavailable(Exchange exchange) {
        Message in = exchange.getIn();
        FileRef file = in.getHeader(ComplianceApi.FILE, FileRef.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e == null ? "unavailable" : e.getMessage();
        upsertBlob(in.getHeader(ComplianceApi.WORKSPACE, String.class), file, file.contentType(), null, "UNAVAILABLE",
                reason.length() > 1000 ? reason.substring(0, 1000) : reason);
    }

    private void upsertBlob(String ws, FileRef file, String contentType, byte[] body, String status, String error) {
        BinaryStatement.update(jdbc.getJdbcOperations(), """
                INSERT INTO file_blob (workspace_id, file_id, user_id, name, content_type, size_bytes, sha256, body,
                                       status, error, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE
                    body = IF(status = 'FETCHED', body, VALUES(body)),
                    size_bytes = IF(status = 'FETCHED', size_bytes, VALUES(size_bytes)),
                    sha256 = IF(status = 'FETCHED', sha256, VALUES(sha256)),
                    error = IF(status = 'FETCHED', error, VALUES(error)),
                    status = IF(status = 'FETCHED', status, VALUES(status))
                """, ws, file.fileId(), file.userId(), file.name(), contentType, body == null ? null : body.length,
                body == null ? null : LogFileVerifier.sha256(body), body, status, error, Utc.now());
    }

    /** Number of staged files waiting for ingest. */
    public long readyFiles() {
        Long n = jdbc.getJdbcTemplate().queryForObject("SELECT COUNT(*) FROM staged_log_file WHERE status = 'READY'", Long.class);
        return n == null ? 0 : n;
    }
}

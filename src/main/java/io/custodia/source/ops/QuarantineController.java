package io.custodia.source.ops;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.ingest.QuarantineReprocessor;
import io.custodia.ingest.QuarantineReprocessor.Outcome;
import io.custodia.support.Utc;

/**
 * {@code GET /api/v1/quarantine}: what collection and ingest kept aside (broken listing pages, torn JSONL
 * lines, files failing their hash …), newest first, paged, filtered by workspace, stream and source. The
 * raw bytes may hold prompt text, so only a Content Viewer gets them ({@code raw}, as UTF-8 text, or base64
 * when they are not valid UTF-8), and that view is audited; everyone else sees the size only.
 * {@code POST /api/v1/quarantine/{id}/reprocess} and {@code POST /api/v1/quarantine/reprocess?workspace=&stream=}
 * process quarantined staged lines again ({@link QuarantineReprocessor}).
 */
@RestController
@RequestMapping("/api/v1/quarantine")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN', 'CONTENT_VIEWER')")
class QuarantineController {

    private static final int MAX_RAW = 64 * 1024;

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditLog auditLog;
    private final AuditRecords auditRecords;
    private final QuarantineReprocessor reprocessor;

    QuarantineController(NamedParameterJdbcTemplate jdbc, AuditLog auditLog, AuditRecords auditRecords,
                         QuarantineReprocessor reprocessor) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
        this.auditRecords = auditRecords;
        this.reprocessor = reprocessor;
    }

    /** One quarantined line processed again: 200 with what was written, 422 with the reason it is still refused. */
    @PostMapping("/{id}/reprocess")
    @PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
    ResponseEntity<Map<String, Object>> reprocess(@PathVariable long id, Principal who) {
        Outcome outcome = reprocessor.reprocess(id, who.getName());
        return ResponseEntity.status(outcome.result() == QuarantineReprocessor.Result.REPROCESSED
                ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(view(outcome));
    }

    /** Every quarantined line of a workspace (and stream), or of all, processed again; each entry on its own. */
    @PostMapping("/reprocess")
    @PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
    Map<String, Object> reprocessAll(@RequestParam(required = false) String workspace,
                                     @RequestParam(required = false) String stream, Principal who) {
        List<Outcome> outcomes = reprocessor.reprocessAll(workspace, stream, who.getName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reprocessed", outcomes.stream().filter(o -> o.result() == QuarantineReprocessor.Result.REPROCESSED).count());
        body.put("stillRefused", outcomes.stream().filter(o -> o.result() == QuarantineReprocessor.Result.STILL_REFUSED).count());
        body.put("failed", outcomes.stream().filter(o -> o.result() == QuarantineReprocessor.Result.FAILED).count());
        body.put("items", outcomes.stream().mapToInt(Outcome::items).sum());
        body.put("entries", outcomes.stream().map(QuarantineController::view).toList());
        return body;
    }

    private static Map<String, Object> view(Outcome o) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", o.id());
        v.put("reference", o.reference());
        v.put("result", o.result().name());
        v.put("items", o.items());
        v.put("auditRecords", o.auditRecords());
        if (o.reason() != null) {
            v.put("reason", o.reason());
        }
        return v;
    }

    @ExceptionHandler(QuarantineReprocessor.EntryNotFound.class)
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(QuarantineReprocessor.NotReprocessable.class)
    ResponseEntity<Map<String, String>> notReprocessable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String workspace,
                             @RequestParam(required = false) String stream,
                             @RequestParam(required = false) String source,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size,
                             Authentication auth) {
        if (page < 0 || size < 1 || size > 500) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and 500");
        }
        boolean withRaw = auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_CONTENT_VIEWER"));
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("ws", workspace).addValue("stream", stream)
                .addValue("source", source).addValue("limit", size).addValue("offset", (long) page * size);
        String where = """
                WHERE (:ws IS NULL OR workspace_id = :ws) AND (:stream IS NULL OR stream = :stream)
                  AND (:source IS NULL OR source = :source)""";
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM quarantine " + where, p, Long.class);
        List<Map<String, Object>> items = new ArrayList<>();
        jdbc.query("SELECT id, workspace_id, stream, source, reference, reason, created_at, raw FROM quarantine "
                + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset", p, rs -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", rs.getLong("id"));
            item.put("workspaceId", rs.getString("workspace_id"));
            item.put("stream", rs.getString("stream"));
            item.put("source", rs.getString("source"));
            item.put("reference", rs.getString("reference"));
            item.put("reason", rs.getString("reason"));
            item.put("createdAt", Utc.fromDb(rs.getObject("created_at", java.time.LocalDateTime.class)));
            byte[] raw = rs.getBytes("raw");
            item.put("rawSize", raw == null ? 0 : raw.length);
            if (withRaw && raw != null) {
                byte[] shown = raw.length > MAX_RAW ? java.util.Arrays.copyOf(raw, MAX_RAW) : raw;
                String text = utf8(shown);
                item.put("rawEncoding", text != null ? "utf-8" : "base64");
                item.put("raw", text != null ? text : Base64.getEncoder().encodeToString(shown));
                item.put("rawTruncated", raw.length > MAX_RAW);
            }
            items.add(item);
        });
        if (withRaw && !items.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("entries", items.stream().map(i -> i.get("id")).toList());
            auditLog.append(auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, "QuarantineContentViewed",
                    ((Principal) auth).getName(), "quarantine", details));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("total", total == null ? 0 : total);
        body.put("rawIncluded", withRaw);
        body.put("items", items);
        return body;
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalArgumentException.class)
    org.springframework.http.ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return org.springframework.http.ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

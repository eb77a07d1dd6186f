package io.custodia.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The unified audit log over HTTP: search with paging, export as JSON lines, chain verification. Only
 * Audit Readers and Compliance Administrators may read it (reference/purview.md §8).
 */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasAnyRole('AUDIT_READER', 'COMPLIANCE_ADMIN')")
class AuditController {

    static final int MAX_PAGE_SIZE = 1000;
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final AuditQuery query;
    private final AuditChainVerifier verifier;
    private final AuditLog auditLog;
    private final AuditRecords records;

    AuditController(AuditQuery query, AuditChainVerifier verifier, AuditLog auditLog, AuditRecords records) {
        this.query = query;
        this.verifier = verifier;
        this.auditLog = auditLog;
        this.records = records;
    }

    @GetMapping
    Map<String, Object> search(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String operation,
                               @RequestParam(required = false) String user,
                               @RequestParam(required = false) Integer recordType,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "100") int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        return query.page(filter(from, to, operation, user, recordType), page, size);
    }

    /** Every matching record as one JSON object (Purview's AuditData) per line; the export itself is audited. */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to,
                                                 @RequestParam(required = false) String operation,
                                                 @RequestParam(required = false) String user,
                                                 @RequestParam(required = false) Integer recordType,
                                                 Authentication caller) {
        AuditQuery.Filter filter = filter(from, to, operation, user, recordType);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from);
        details.put("to", to);
        details.put("operation", operation);
        details.put("user", user);
        details.put("recordType", recordType);
        auditLog.append(records.adminAction(AuditRecords.CUSTODIA_ADMIN, "AuditLogExported", caller.getName(), null, details));
        StreamingResponseBody body = out -> query.export(filter, out);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-log.jsonl\"")
                .contentType(NDJSON).body(body);
    }

    @GetMapping("/verify")
    ChainReport verify() {
        return verifier.verify();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    private static AuditQuery.Filter filter(String from, String to, String operation, String user, Integer recordType) {
        return new AuditQuery.Filter(instant("from", from), instant("to", to), blankToNull(operation),
                blankToNull(user), recordType);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-05T00:00:00Z, was '"
                    + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

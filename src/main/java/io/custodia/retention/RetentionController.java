package io.custodia.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The retention API: policies and labels (Compliance Administrators), disposition runs (Compliance
 * Administrators and Operators start and restart them; Audit Readers may read them too), and the
 * explanation of one item's retention.
 */
@RestController
@RequestMapping("/api/v1")
class RetentionController {

    private static final String ADMIN = "hasRole('COMPLIANCE_ADMIN')";
    private static final String READ = "hasAnyRole('COMPLIANCE_ADMIN', 'AUDIT_READER')";
    private static final String RUN = "hasAnyRole('COMPLIANCE_ADMIN', 'OPERATOR')";
    private static final String READ_RUNS = "hasAnyRole('COMPLIANCE_ADMIN', 'OPERATOR', 'AUDIT_READER')";

    private final RetentionPolicies policies;
    private final RetentionLabels labels;
    private final RetentionJobLauncher launcher;
    private final RetentionRuns runs;
    private final ItemRetentionExplainer explainer;
    private final RetentionProperties props;

    RetentionController(RetentionPolicies policies, RetentionLabels labels, RetentionJobLauncher launcher,
                        RetentionRuns runs, ItemRetentionExplainer explainer, RetentionProperties props) {
        this.policies = policies;
        this.labels = labels;
        this.launcher = launcher;
        this.runs = runs;
        this.explainer = explainer;
        this.props = props;
    }

    // ------------------------------------------------------------------ policies

    @PostMapping("/retention/policies")
    @PreAuthorize(ADMIN)
    ResponseEntity<Map<String, Object>> createPolicy(@RequestBody RetentionPolicies.PolicyRequest request, Authentication caller) {
        long id = policies.create(request, caller.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(withSourceWarning(Map.of("id", id), request.deleteAtSource()));
    }

    @GetMapping("/retention/policies")
    @PreAuthorize(READ)
    List<Map<String, Object>> listPolicies() {
        return policies.list();
    }

    @GetMapping("/retention/policies/{id}")
    @PreAuthorize(READ)
    Map<String, Object> getPolicy(@PathVariable long id) {
        return policies.get(id);
    }

    @PutMapping("/retention/policies/{id}")
    @PreAuthorize(ADMIN)
    Map<String, Object> updatePolicy(@PathVariable long id, @RequestBody RetentionPolicies.PolicyRequest request,
                                     Authentication caller) {
        policies.update(id, request, caller.getName());
        return withSourceWarning(policies.get(id), request.deleteAtSource());
    }

    @DeleteMapping("/retention/policies/{id}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deletePolicy(@PathVariable long id, Authentication caller) {
        policies.delete(id, caller.getName());
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ labels

    @PostMapping("/retention/labels")
    @PreAuthorize(ADMIN)
    ResponseEntity<Map<String, Object>> createLabel(@RequestBody RetentionLabels.LabelRequest request, Authentication caller) {
        long id = labels.create(request, caller.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(withSourceWarning(Map.of("id", id), request.deleteAtSource()));
    }

    @GetMapping("/retention/labels")
    @PreAuthorize(READ)
    List<Map<String, Object>> listLabels() {
        return labels.list();
    }

    @DeleteMapping("/retention/labels/{id}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deleteLabel(@PathVariable long id, Authentication caller) {
        labels.delete(id, caller.getName());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/retention/labels/{id}/apply")
    @PreAuthorize(ADMIN)
    Map<String, Object> applyLabel(@PathVariable long id, @RequestBody RetentionLabels.Targets targets, Authentication caller) {
        return labels.apply(id, targets, caller.getName());
    }

    @PostMapping("/retention/labels/remove")
    @PreAuthorize(ADMIN)
    Map<String, Object> removeLabel(@RequestBody RetentionLabels.Targets targets, Authentication caller) {
        return labels.remove(targets, caller.getName());
    }

    // ------------------------------------------------------------------ runs

    record RunRequest(String asOf, Boolean dryRun) {
    }

    @PostMapping("/retention/run")
    @PreAuthorize(RUN)
    ResponseEntity<Map<String, Object>> run(@RequestBody(required = false) RunRequest request, Authentication caller) {
        Instant asOf = request == null || request.asOf() == null ? Instant.now() : instant("asOf", request.asOf());
        boolean dryRun = request != null && Boolean.TRUE.equals(request.dryRun());
        long id = launcher.start(asOf, dryRun, caller.getName());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", id));
    }

    @GetMapping("/retention/runs")
    @PreAuthorize(READ_RUNS)
    List<Map<String, Object>> listRuns(@RequestParam(defaultValue = "20") int limit) {
        return runs.recent(Math.max(1, Math.min(limit, 200)));
    }

    @GetMapping("/retention/runs/{id}")
    @PreAuthorize(READ_RUNS)
    Map<String, Object> getRun(@PathVariable long id) {
        Map<String, Object> report = runs.report(id);
        if (report == null) {
            throw RetentionApiException.notFound("disposition run execution " + id);
        }
        return report;
    }

    @PostMapping("/retention/runs/{id}/restart")
    @PreAuthorize(RUN)
    ResponseEntity<Map<String, Object>> restart(@PathVariable long id, Authentication caller) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", launcher.restart(id, caller.getName())));
    }

    // ------------------------------------------------------------------ items

    @GetMapping("/items/{id}/retention")
    @PreAuthorize("hasAnyRole('COMPLIANCE_ADMIN', 'EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN', 'AUDIT_READER')")
    Map<String, Object> itemRetention(@PathVariable long id, @RequestParam(required = false) String asOf) {
        return explainer.explain(id, asOf == null ? Instant.now() : instant("asOf", asOf));
    }

    // ------------------------------------------------------------------ errors

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(RetentionApiException.class)
    ResponseEntity<Map<String, String>> apiError(RetentionApiException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(RetentionJobLauncher.RunInProgressException.class)
    ResponseEntity<Map<String, String>> inProgress(RetentionJobLauncher.RunInProgressException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    private Map<String, Object> withSourceWarning(Map<String, Object> body, Boolean deleteAtSource) {
        if (!Boolean.TRUE.equals(deleteAtSource) || props.sourceDeletion().enabled()) {
            return body;
        }
        Map<String, Object> b = new LinkedHashMap<>(body);
        b.put("warning", "deleteAtSource has no effect while custodia.retention.source-deletion.enabled is false");
        return b;
    }

    /** An ISO-8601 instant ({@code 2027-01-05T00:00:00Z}), offset date-time, or date (midnight UTC). */
    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2027-01-05T00:00:00Z, was '"
                            + value + "'");
                }
            }
        }
    }
}

package io.custodia.source.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/sources}: per configured workspace and stream, the checkpoint, lag, last success,
 * last error and quarantine count (the same figures as the {@code custodia.source.*} metrics and the
 * {@code /actuator/health/workspaces} details). API keys are never part of it.
 */
@RestController
@RequestMapping("/api/v1/sources")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
class SourcesController {

    private final SourceStatus status;

    SourcesController(SourceStatus status) {
        this.status = status;
    }

    @GetMapping
    Map<String, Object> sources() {
        List<SourceStatus.Workspace> workspaces = status.all();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generatedAt", Instant.now());
        body.put("state", workspaces.stream().anyMatch(w -> "DOWN".equals(w.state())) ? "DEGRADED" : "UP");
        body.put("workspaces", workspaces);
        return body;
    }
}

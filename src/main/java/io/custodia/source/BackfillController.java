package io.custodia.source;

import java.security.Principal;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;

/**
 * {@code POST /api/v1/workspaces/{ws}/backfill}: starts a backfill of the workspace from the conversations
 * endpoint ({@code routes/backfill-conversations.yaml}) in the background; audited. Progress shows as the
 * {@code BACKFILL} stream of the workspace's source health and as staged files and items.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{ws}")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
class BackfillController {

    private final ProducerTemplate producer;
    private final Workspaces workspaces;
    private final AuditRecords auditRecords;
    private final AuditLog auditLog;

    BackfillController(ProducerTemplate producer, Workspaces workspaces, AuditRecords auditRecords, AuditLog auditLog) {
        this.producer = producer;
        this.workspaces = workspaces;
        this.auditRecords = auditRecords;
        this.auditLog = auditLog;
    }

    @PostMapping("/backfill")
    ResponseEntity<Map<String, Object>> backfill(@PathVariable String ws, Principal user) {
        if (workspaces.all().stream().noneMatch(w -> w.id().equals(ws))) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown workspace " + ws));
        }
        auditLog.append(auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, "ConversationBackfillStarted",
                user == null ? "?" : user.getName(), ws, Map.of("workspaceId", ws)));
        producer.asyncRequestBodyAndHeader("direct:backfill-conversations", null, ComplianceApi.WORKSPACE, ws);
        return ResponseEntity.accepted().body(Map.of("workspaceId", ws, "started", true));
    }
}

package io.custodia.source;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * GPTs and projects of a workspace as collected ({@code source_catalog}), with how many items used each,
 * and the GPT/project (name, owner) of one item: {@code GET /api/v1/workspaces/{ws}/catalog} and
 * {@code GET /api/v1/workspaces/{ws}/items/{messageId}/agent}. No prompt or response text.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{ws}")
@PreAuthorize("hasAnyRole('COMPLIANCE_ADMIN', 'EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN', 'OPERATOR')")
class CatalogController {

    private final JdbcTemplate jdbc;

    CatalogController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/catalog")
    List<Map<String, Object>> catalog(@PathVariable String ws) {
        return jdbc.queryForList("""
                SELECT s.kind, s.object_id AS id, s.name, s.owner_id AS ownerId, s.owner_email AS ownerEmail,
                       s.visibility, s.status, s.synced_at AS syncedAt,
                       (SELECT COUNT(*) FROM mail_item i WHERE i.workspace_id = s.workspace_id
                          AND (i.gpt_id = s.object_id OR i.project_id = s.object_id)) AS items
                FROM source_catalog s WHERE s.workspace_id = ? ORDER BY s.kind, s.name, s.object_id""", ws);
    }

    @GetMapping("/items/{messageId}/agent")
    Map<String, Object> agent(@PathVariable String ws, @PathVariable String messageId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT message_id AS messageId, conversation_id AS conversationId, gpt_id AS gptId, gpt_name AS gptName,
                       gpt_owner_email AS gptOwnerEmail, gpt_status AS gptStatus, project_id AS projectId,
                       project_name AS projectName, project_owner_email AS projectOwnerEmail, project_status AS projectStatus
                FROM mail_item_agent WHERE workspace_id = ? AND message_id = ?""", ws, messageId);
        return rows.isEmpty() ? Map.of("messageId", messageId) : rows.get(0);
    }
}

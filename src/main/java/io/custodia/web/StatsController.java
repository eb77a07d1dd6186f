package io.custodia.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts of what the hub holds. Items in the retention's recoverable area are not items any more
 * ({@code recoverableItems} counts them); a conversation whose items are all recoverable is not counted.
 * {@code auditRecords} counts every record, {@code adminAuditRecords} those of the hub's own
 * administrative actions (sign-ins, policy changes, disposals …) among them.
 */
@RestController
@RequestMapping("/api/v1")
class StatsController {

    private final JdbcTemplate jdbc;

    StatsController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT (SELECT COUNT(*) FROM mailbox) AS mailboxes,
                       (SELECT COUNT(*) FROM mail_item) AS items,
                       (SELECT COUNT(*) FROM mail_item WHERE kind = 'prompt') AS prompts,
                       (SELECT COUNT(*) FROM mail_item WHERE kind = 'response') AS responses,
                       (SELECT COUNT(*) FROM conversation)
                         - (SELECT COUNT(*) FROM (SELECT DISTINCT workspace_id, conversation_id FROM recoverable_item) r
                            WHERE NOT EXISTS (SELECT 1 FROM mail_item i WHERE i.workspace_id = r.workspace_id
                                                                          AND i.conversation_id = r.conversation_id)
                              AND EXISTS (SELECT 1 FROM conversation c WHERE c.workspace_id = r.workspace_id
                                                                         AND c.conversation_id = r.conversation_id))
                         AS conversations,
                       (SELECT COUNT(*) FROM attachment) AS attachments,
                       (SELECT COUNT(*) FROM audit_record) AS auditRecords,
                       (SELECT COUNT(*) FROM audit_record WHERE workload = 'Custodia') AS adminAuditRecords,
                       (SELECT COUNT(*) FROM mail_item WHERE sit_count > 0) AS sensitiveItems,
                       (SELECT COUNT(*) FROM custodian) AS custodians,
                       (SELECT COUNT(*) FROM quarantine) AS quarantined,
                       (SELECT COUNT(*) FROM staged_log_file WHERE status = 'READY') AS stagedFilesPending,
                       (SELECT COUNT(*) FROM recoverable_item) AS recoverableItems
                """);
        Map<String, Object> stats = new LinkedHashMap<>();
        row.forEach((k, v) -> stats.put(k, ((Number) v).longValue()));
        return stats;
    }
}

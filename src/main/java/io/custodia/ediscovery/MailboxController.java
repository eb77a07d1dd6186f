package io.custodia.ediscovery;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The mailboxes (one per custodian and workspace) with their item counts: the locations searches and holds cover. */
@RestController
@RequestMapping("/api/v1/mailboxes")
@PreAuthorize("hasAnyRole('EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN', 'COMPLIANCE_ADMIN')")
@Tag(name = "Mailboxes")
class MailboxController {

    private final JdbcTemplate jdbc;

    MailboxController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    @Operation(summary = "Every mailbox: id, email, item count, workspace and user id")
    List<Map<String, Object>> mailboxes() {
        return jdbc.query("""
                SELECT m.id, m.email, m.workspace_id, m.user_id,
                       (SELECT COUNT(*) FROM mail_item i WHERE i.mailbox_id = m.id) AS items
                FROM mailbox m ORDER BY m.email, m.id""", (rs, n) -> Map.of("id", rs.getLong(1), "email", rs.getString(2),
                "workspaceId", rs.getString(3), "userId", rs.getString(4), "items", rs.getLong(5)));
    }
}

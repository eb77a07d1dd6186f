package io.custodia.retention;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.ediscovery.HoldCheck;
import io.custodia.support.Utc;

/**
 * Carries out the deletions at the source that purges requested ({@code retention_source_deletion}),
 * one per transaction: PENDING (or FAILED, up to {@code max-attempts}) → DELETED, REFUSED or FAILED,
 * each attempt audited. A conversation whose mailbox is under a custodian hold is left PENDING until the
 * hold is released. Without a {@link SourceDeletion} bean every request is REFUSED with a message saying
 * so.
 */
@Component
class SourceDeletions {

    private static final Logger log = LoggerFactory.getLogger(SourceDeletions.class);
    static final String NOT_WIRED = "no Compliance API client with the delete scope is wired into this hub "
            + "(no io.custodia.retention.SourceDeletion bean), so conversations cannot be deleted at the source";

    private final JdbcTemplate jdbc;
    private final ObjectProvider<SourceDeletion> client;
    private final HoldCheck holds;
    private final RetentionAudit audit;
    private final RetentionRuns runs;
    private final RetentionProperties props;

    SourceDeletions(JdbcTemplate jdbc, ObjectProvider<SourceDeletion> client, HoldCheck holds, RetentionAudit audit,
                    RetentionRuns runs, RetentionProperties props) {
        this.jdbc = jdbc;
        this.client = client;
        this.holds = holds;
        this.audit = audit;
        this.runs = runs;
        this.props = props;
    }

    /** Handles the next request not yet tried in this run; false when there is none. */
    boolean next(Run run) {
        if (run.dryRun() || !props.sourceDeletion().enabled()) {
            return false;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT workspace_id, conversation_id, mailbox_id, rule, attempts FROM retention_source_deletion
                WHERE status IN ('PENDING', 'FAILED') AND attempts < ? AND (last_run IS NULL OR last_run <> ?)
                ORDER BY requested_at, workspace_id, conversation_id LIMIT 1 FOR UPDATE""",
                props.sourceDeletion().maxAttempts(), run.runId());
        if (rows.isEmpty()) {
            return false;
        }
        Map<String, Object> row = rows.get(0);
        String ws = (String) row.get("workspace_id");
        String conv = (String) row.get("conversation_id");
        long mailbox = ((Number) row.get("mailbox_id")).longValue();
        String rule = (String) row.get("rule");
        int attempt = ((Number) row.get("attempts")).intValue() + 1;
        if (!holds.mailboxesHeld(Set.of(mailbox)).isEmpty()) {
            jdbc.update("UPDATE retention_source_deletion SET last_run = ?, detail = ? WHERE workspace_id = ? AND conversation_id = ?",
                    run.runId(), "waiting: the mailbox is under a hold", ws, conv);
            return true;
        }
        String status;
        String detail;
        SourceDeletion deletion = client.getIfAvailable();
        try {
            if (deletion == null) {
                throw new SourceDeletionRefused(NOT_WIRED);
            }
            deletion.deleteConversation(ws, conv);
            status = "DELETED";
            detail = null;
        } catch (SourceDeletionRefused e) {
            status = "REFUSED";
            detail = e.getMessage();
        } catch (RuntimeException e) {
            status = "FAILED";
            detail = e.toString();
            log.warn("Deleting conversation {} of workspace {} at the source failed (attempt {}): {}", conv, ws, attempt, detail);
        }
        jdbc.update("""
                UPDATE retention_source_deletion SET status = ?, detail = ?, attempts = ?, last_run = ?, done_at = ?
                WHERE workspace_id = ? AND conversation_id = ?""",
                status, detail == null ? null : detail.substring(0, Math.min(detail.length(), 1024)), attempt, run.runId(),
                "DELETED".equals(status) ? Utc.now() : null, ws, conv);
        audit.sourceDeletion(run, ws, conv, mailbox, rule, "DELETED".equals(status) ? "Succeeded" : "Failed", detail, attempt);
        boolean ok = "DELETED".equals(status);
        runs.add(run.runId(), new RetentionRuns.Counts(0, 0, 0, 0, 0, 0, ok ? 1 : 0, ok ? 0 : 1));
        return true;
    }
}

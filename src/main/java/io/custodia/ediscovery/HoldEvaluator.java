package io.custodia.ediscovery;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.ediscovery.query.KqlParser;
import io.custodia.support.Utc;

/**
 * Keeps holds covering what arrives after they were placed: evaluates every active query hold over
 * the items ingested since its last evaluation ({@code legal_hold_progress}) and links the mailboxes of
 * held custodians that appeared since. Runs after every ingest run (it listens to the ingest job) and
 * on the schedule of {@code routes/ediscovery-holds.yaml}; idempotent, so overlapping runs are harmless.
 */
@Component("holdEvaluator")
public class HoldEvaluator implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(HoldEvaluator.class);

    private record Pending(long holdId, String query, long evaluatedTo) {
    }

    private final JdbcTemplate jdbc;
    private final Holds holds;
    private final TransactionTemplate tx;

    public HoldEvaluator(JdbcTemplate jdbc, Holds holds, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.holds = holds;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /** Brings every active hold up to date; returns the number of holds that had new items to evaluate. */
    public synchronized int refresh() {
        long upTo = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM mail_item", Long.class);
        List<Pending> pending = jdbc.query("""
                SELECT h.id, h.query, p.evaluated_to_id FROM legal_hold h JOIN legal_hold_progress p ON p.hold_id = h.id
                WHERE h.released_at IS NULL AND h.scope = 'QUERY' AND p.evaluated_to_id < ?""",
                (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getLong(3)), upTo);
        for (Pending p : pending) {
            try {
                tx.executeWithoutResult(s -> {
                    holds.materialise(p.holdId(), KqlParser.parse(p.query()), p.evaluatedTo(), upTo);
                    jdbc.update("UPDATE legal_hold_progress SET evaluated_to_id = ?, evaluated_at = ? WHERE hold_id = ?",
                            upTo, Utc.now(), p.holdId());
                });
            } catch (RuntimeException e) {
                // HoldCheck still evaluates the pending items itself, so nothing becomes deletable meanwhile
                log.error("Hold {} could not be evaluated over items ({}, {}]: {}", p.holdId(), p.evaluatedTo(), upTo, e.toString());
            }
        }
        jdbc.update("""
                INSERT IGNORE INTO legal_hold_mailbox (hold_id, mailbox_id)
                SELECT hc.hold_id, m.id FROM legal_hold_custodian hc JOIN legal_hold h ON h.id = hc.hold_id
                JOIN mailbox m ON m.email = hc.email OR m.user_id = hc.email
                WHERE h.released_at IS NULL""");
        return pending.size();
    }

    /** After each ingest run: new items are held before the next run starts. */
    @Override
    public void afterJob(JobExecution execution) {
        try {
            int n = refresh();
            if (n > 0) {
                log.debug("Evaluated {} query hold(s) after ingest execution {}", n, execution.getId());
            }
        } catch (RuntimeException e) {
            log.error("Hold evaluation after ingest execution {} failed: {}", execution.getId(), e.toString());
        }
    }
}

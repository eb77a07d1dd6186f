package io.custodia.audit;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the sealed audit chain in position order and reports the first broken link: a record whose
 * content no longer matches its hash (edited), whose {@code prev_hash} is not the hash of the record
 * before it or whose position skips one (deleted, reordered), or a chain that ends before the head
 * (removed from the end). Reads one consistent snapshot (head, rows, unsealed count), streamed.
 */
@Component
public class AuditChainVerifier {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public AuditChainVerifier(DataSource dataSource, AuditProperties props) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(props.exportFetchSize());
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    public ChainReport verify() {
        return readOnly.execute(status -> walk());
    }

    private ChainReport walk() {
        Map<String, Object> head = jdbc.queryForMap("SELECT chain_pos, hash, record_id FROM audit_chain_head WHERE id = 1");
        long headPos = ((Number) head.get("chain_pos")).longValue();
        String headHash = (String) head.get("hash");
        long unsealed = jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE chain_pos = 0", Long.class);
        Walk w = new Walk();
        jdbc.query("SELECT chain_pos, prev_hash, hash, " + AuditChain.COLUMNS
                + " FROM audit_record WHERE chain_pos > 0 ORDER BY chain_pos, seq", rs -> {
            w.check(rs.getLong("chain_pos"), rs.getString("prev_hash"), rs.getString("hash"), AuditChain.Row.read(rs));
        });
        if (w.broken == null && (w.expected - 1 != headPos || !w.prev.equals(headHash))) {
            w.broken = (String) head.get("record_id");
            w.brokenPos = headPos;
            w.reason = "the chain ends at position " + (w.expected - 1) + " but its head is at position " + headPos
                    + ": records were removed from the end";
        }
        return new ChainReport(w.broken == null, w.count, w.broken, w.brokenPos, w.reason, unsealed, headPos, headHash);
    }

    /** State of one walk; only the first break is kept. */
    private static final class Walk {
        long expected = 1;
        String prev = AuditChain.GENESIS;
        long count;
        String broken;
        Long brokenPos;
        String reason;

        void check(long pos, String prevHash, String hash, AuditChain.Row row) {
            count++;
            if (broken == null) {
                if (pos < expected) {
                    fail(row, pos, "position " + pos + " is taken by more than one record: records were copied or moved");
                } else if (pos != expected) {
                    fail(row, pos, "position " + expected + (pos - expected > 1 ? " to " + (pos - 1) : "")
                            + " is missing before this record: records were deleted or moved");
                } else if (!prev.equals(prevHash)) {
                    fail(row, pos, "its prev_hash is not the hash of the record before it: records were deleted or reordered");
                } else if (!AuditChain.hash(prevHash, pos, row).equals(hash)) {
                    fail(row, pos, "its content does not match its hash: the record was changed after sealing");
                }
            }
            prev = hash;
            expected = pos + 1;
        }

        private void fail(AuditChain.Row row, long pos, String why) {
            broken = row.id();
            brokenPos = pos;
            reason = "record " + row.id() + " (seq " + row.seq() + ", chain position " + pos + "): " + why;
        }
    }
}

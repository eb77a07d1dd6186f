package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.zaxxer.hikari.HikariDataSource;

import io.custodia.retention.RetentionJobContext;
import io.custodia.support.Utc;

/**
 * The hash chain of the audit log: what committed is sealed (also when it committed after rows with a
 * higher seq), verification reports the first broken link when a sealed row is edited, deleted,
 * reordered or cut off the end — from the API's verifier and from {@code java -jar custodia.jar audit
 * verify} in its own JVM — and the database itself refuses edits and deletes. Each tampering is undone
 * afterwards (as its attacker would have needed to, with the triggers dropped), and the chain verifies
 * again.
 */
class AuditChainTest extends RetentionJobContext {

    @Autowired
    AuditLog auditLog;
    @Autowired
    AuditRecords records;
    @Autowired
    AuditSealer sealer;
    @Autowired
    AuditChainVerifier verifier;
    @Autowired
    DataSource dataSource;

    @Test
    void sealsCommittedRecordsAlsoWhenTheyCommitOutOfSeqOrder() throws Exception {
        append(5);
        sealer.seal();
        try (Connection late = dataSource.getConnection()) {
            late.setAutoCommit(false);
            // a transaction takes a seq and commits only after a later one was sealed
            try (PreparedStatement ps = late.prepareStatement("""
                    INSERT INTO audit_record (id, source_key, record_type, operation, workload, creation_time, user_id,
                                              audit_data, recorded_at)
                    VALUES (UUID(), CONCAT('late:', UUID()), 10002, 'LateCommit', 'Custodia', ?, 'late', '{}', ?)""")) {
                ps.setObject(1, Utc.now());
                ps.setObject(2, Utc.now());
                ps.executeUpdate();
            }
            long lateSeq = lastSeq("LateCommit", late);
            AuditRecord early = append(1).get(0);
            sealer.seal();
            assertThat(chainPos(early.id())).isPositive();
            assertThat(verifier.verify().ok()).isTrue();
            late.commit();
            assertThat(count("SELECT COUNT(*) FROM audit_record WHERE chain_pos = 0")).isPositive();
            sealer.seal();
            Long latePos = jdbc.queryForObject("SELECT chain_pos FROM audit_record WHERE seq = ?", Long.class, lateSeq);
            // the late row is sealed after the earlier-committed row: the chain order is chain_pos, not seq
            assertThat(latePos).isGreaterThan(chainPos(early.id()));
            assertThat(lateSeq).isLessThan(jdbc.queryForObject("SELECT seq FROM audit_record WHERE id = ?", Long.class, early.id()));
        }
        ChainReport report = verifier.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.records()).isEqualTo(count("SELECT COUNT(*) FROM audit_record WHERE chain_pos > 0"));
        assertThat(report.firstBroken()).isNull();
        assertThat(report.headPosition()).isEqualTo(report.records());
    }

    @Test
    void detectsAnEditedRow() {
        long pos = sealedMiddle();
        Map<String, Object> row = row(pos);
        withoutGuards(() -> {
            jdbc.update("UPDATE audit_record SET audit_data = REPLACE(audit_data, 'Succeeded', 'Failed') WHERE chain_pos = ?", pos);
            ChainReport report = verifier.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBroken()).isEqualTo(row.get("id"));
            assertThat(report.firstBrokenPosition()).isEqualTo(pos);
            assertThat(report.reason()).contains("changed after sealing");
            jdbc.update("UPDATE audit_record SET audit_data = ? WHERE chain_pos = ?", row.get("audit_data"), pos);
        });
        assertThat(verifier.verify().ok()).isTrue();
    }

    @Test
    void detectsADeletedRow() {
        long pos = sealedMiddle();
        Map<String, Object> row = row(pos);
        String next = (String) row(pos + 1).get("id");
        withoutGuards(() -> {
            jdbc.update("DELETE FROM audit_record WHERE chain_pos = ?", pos);
            ChainReport report = verifier.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBroken()).isEqualTo(next);
            assertThat(report.firstBrokenPosition()).isEqualTo(pos + 1);
            assertThat(report.reason()).contains("position " + pos + " is missing");
            reinsert(row);
        });
        assertThat(verifier.verify().ok()).isTrue();
    }

    @Test
    void detectsAReorderedRow() {
        long pos = sealedMiddle();
        String second = (String) row(pos + 1).get("id");
        withoutGuards(() -> {
            swap(pos, pos + 1);
            ChainReport report = verifier.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBroken()).isEqualTo(second);
            assertThat(report.firstBrokenPosition()).isEqualTo(pos);
            swap(pos, pos + 1);
        });
        assertThat(verifier.verify().ok()).isTrue();
    }

    @Test
    void detectsRecordsRemovedFromTheEnd() {
        append(3);
        sealer.seal();
        long head = jdbc.queryForObject("SELECT chain_pos FROM audit_chain_head", Long.class);
        Map<String, Object> last = row(head);
        withoutGuards(() -> {
            jdbc.update("DELETE FROM audit_record WHERE chain_pos = ?", head);
            ChainReport report = verifier.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBroken()).isEqualTo(last.get("id"));
            assertThat(report.reason()).contains("removed from the end");
            reinsert(last);
        });
        assertThat(verifier.verify().ok()).isTrue();
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteRecordsButAcceptsTheSameRecordAgain() {
        List<AuditRecord> appended = append(2);
        sealer.seal();
        long pos = chainPos(appended.get(0).id());
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_record SET user_id = 'mallory' WHERE chain_pos = ?", pos))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_record SET hash = REPEAT('0', 64) WHERE chain_pos = ?", pos))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_record WHERE chain_pos = ?", pos))
                .hasMessageContaining("append-only");
        // re-appending an existing record (idempotent ingest) changes nothing and is allowed: one row per source key
        // (kept by the unique id, the UUID of the source key, since V72 dropped the source key's own unique index)
        long rows = count("SELECT COUNT(*) FROM audit_record");
        auditLog.append(appended);
        assertThat(count("SELECT COUNT(*) FROM audit_record")).isEqualTo(rows);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE source_key = '" + appended.get(0).sourceKey() + "'"))
                .isEqualTo(1);
        assertThat(verifier.verify().ok()).isTrue();
    }

    @Test
    void aRecordsIdIsTheUuidOfItsSourceKey() {
        AuditRecord r = append(1).get(0);
        assertThat(r.id()).isEqualTo(AuditRecords.uuid(r.sourceKey()));
        assertThatThrownBy(() -> new AuditRecord(AuditRecords.uuid("other"), r.sourceKey(), r.recordType(), r.operation(),
                r.workload(), r.creationTime(), r.userId(), r.workspaceId(), r.objectId(), r.resultStatus(), r.clientIp(),
                r.auditData(), r.original()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the UUID of its source key");
    }

    @Test
    void aBatchOfMoreChainValuesThanOneStatementTakesIsSealedInSeveralThatVerifyAsOneChain() {
        long before = jdbc.queryForObject("SELECT chain_pos FROM audit_chain_head", Long.class);
        // ~150 characters of chain values per record: 1,000 records are several statements of one batch
        assertThat(1000 * 150).isGreaterThan(3 * AuditSealer.JSON_CHARS);
        append(1000);
        assertThat(sealer.seal()).isGreaterThanOrEqualTo(1000);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE chain_pos = 0")).isZero();
        ChainReport report = verifier.verify();
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.headPosition()).isEqualTo(report.records()).isGreaterThanOrEqualTo(before + 1000);
        assertThat(count("SELECT COUNT(DISTINCT chain_pos) FROM audit_record WHERE chain_pos > 0")).isEqualTo(report.records());
    }

    @Test
    void theAuditVerifyCommandReadsTheHubsDatabase() throws Exception {
        append(3);
        sealer.seal();
        assertThat(AuditCommand.main(new String[0])).isEqualTo(2);
        Command ok = verifyCommand();
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).startsWith("{\"ok\":true,").contains("\"firstBroken\":null");

        long pos = sealedMiddle();
        Map<String, Object> row = row(pos);
        Command broken = new Command(-1, "", "");
        try {
            dropGuards();
            jdbc.update("UPDATE audit_record SET user_id = 'mallory' WHERE chain_pos = ?", pos);
            broken = verifyCommand();
        } finally {
            jdbc.update("UPDATE audit_record SET user_id = ? WHERE chain_pos = ?", row.get("user_id"), pos);
            restoreGuards();
        }
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.out()).startsWith("{\"ok\":false,").contains("\"firstBroken\":\"" + row.get("id") + "\"");
        assertThat(verifier.verify().ok()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private record Command(int exit, String out, String err) {
    }

    /** Runs the jar's command line in its own JVM (as {@code java -jar custodia.jar audit verify}), on this test's database. */
    private Command verifyCommand() throws Exception {
        HikariDataSource ds = (HikariDataSource) dataSource;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-Dspring.config.location=classpath:/", "-cp",
                System.getProperty("java.class.path"), "io.custodia.CustodiaApplication", "audit", "verify",
                "--spring.datasource.url=" + ds.getJdbcUrl(), "--spring.datasource.username=" + ds.getUsername()));
        if (ds.getPassword() != null && !ds.getPassword().isEmpty()) {
            cmd.add("--spring.datasource.password=" + ds.getPassword());
        }
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Command(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim(), new String(err, StandardCharsets.UTF_8));
    }

    private List<AuditRecord> append(int n) {
        List<AuditRecord> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(records.adminAction(AuditRecords.CUSTODIA_ADMIN, "ChainTest", "tester", "object-" + i,
                    Map.of("n", i, "at", Instant.now().toString())));
        }
        auditLog.append(list);
        return list;
    }

    /** A sealed position with sealed neighbours on both sides. */
    private long sealedMiddle() {
        append(6);
        sealer.seal();
        long head = jdbc.queryForObject("SELECT chain_pos FROM audit_chain_head", Long.class);
        return head - 3;
    }

    private Map<String, Object> row(long pos) {
        return jdbc.queryForMap("SELECT * FROM audit_record WHERE chain_pos = ?", pos);
    }

    private Long chainPos(String id) {
        return jdbc.queryForObject("SELECT chain_pos FROM audit_record WHERE id = ?", Long.class, id);
    }

    private long lastSeq(String operation, Connection c) throws Exception {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT MAX(seq) FROM audit_record WHERE operation = '" + operation + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void reinsert(Map<String, Object> row) {
        List<String> columns = new ArrayList<>(row.keySet());
        jdbc.update("INSERT INTO audit_record (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")", row.values().toArray());
    }

    private void swap(long a, long b) {
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE audit_record SET chain_pos = -1 WHERE chain_pos = ?", a);
            jdbc.update("UPDATE audit_record SET chain_pos = ? WHERE chain_pos = ?", a, b);
            jdbc.update("UPDATE audit_record SET chain_pos = ? WHERE chain_pos = -1", b);
        });
    }

    private List<String[]> guards;

    /** What an attacker with DBA rights does first: drop the append-only triggers. */
    private void dropGuards() {
        guards = jdbc.query("""
                SELECT TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS
                WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'audit_record'""",
                (rs, n) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        assertThat(guards).hasSize(2);
        guards.forEach(g -> jdbc.execute("DROP TRIGGER " + g[0]));
    }

    private void restoreGuards() {
        guards.forEach(g -> jdbc.execute("CREATE TRIGGER " + g[0] + " " + g[1] + " " + g[2] + " ON audit_record FOR EACH ROW " + g[3]));
    }

    private void withoutGuards(Runnable tampering) {
        dropGuards();
        try {
            tampering.run();
        } finally {
            restoreGuards();
        }
    }
}

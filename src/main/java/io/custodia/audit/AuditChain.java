package io.custodia.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The hash chain of the audit log: {@code hash = SHA-256(prev_hash || canonical record)}, where the
 * canonical record is every stored column of the row (and its chain position) in a fixed order, each
 * length-prefixed so that no two different rows encode alike. Sealer and verifier both hash what they
 * read back from the database, so the two always agree on the bytes.
 */
public final class AuditChain {

    /** The {@code prev_hash} of the first record. */
    public static final String GENESIS = "0".repeat(64);

    /** The columns that make up the canonical record, in canonical order. */
    static final String COLUMNS = "seq, id, source_key, record_type, operation, workload, creation_time, user_id, "
            + "workspace_id, object_id, result_status, client_ip, audit_data, original, recorded_at";

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** One stored record as the chain sees it. */
    record Row(long seq, String id, String sourceKey, int recordType, String operation, String workload,
               LocalDateTime creationTime, String userId, String workspaceId, String objectId,
               String resultStatus, String clientIp, String auditData, String original, LocalDateTime recordedAt) {

        /** Reads the {@link #COLUMNS} of the current row. */
        static Row read(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("seq"), rs.getString("id"), rs.getString("source_key"), rs.getInt("record_type"),
                    rs.getString("operation"), rs.getString("workload"),
                    rs.getObject("creation_time", LocalDateTime.class), rs.getString("user_id"),
                    rs.getString("workspace_id"), rs.getString("object_id"), rs.getString("result_status"),
                    rs.getString("client_ip"), rs.getString("audit_data"), rs.getString("original"),
                    rs.getObject("recorded_at", LocalDateTime.class));
        }
    }

    /** The hash of {@code row} at {@code chainPos}, linked to {@code prevHash}. */
    static String hash(String prevHash, long chainPos, Row row) {
        MessageDigest sha = sha256();
        sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        field(sha, Long.toString(chainPos));
        field(sha, Long.toString(row.seq()));
        field(sha, row.id());
        field(sha, row.sourceKey());
        field(sha, Integer.toString(row.recordType()));
        field(sha, row.operation());
        field(sha, row.workload());
        field(sha, time(row.creationTime()));
        field(sha, row.userId());
        field(sha, row.workspaceId());
        field(sha, row.objectId());
        field(sha, row.resultStatus());
        field(sha, row.clientIp());
        field(sha, row.auditData());
        field(sha, row.original());
        field(sha, time(row.recordedAt()));
        return HEX.formatHex(sha.digest());
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update((byte) 'N');
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 'S');
            sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(bytes);
        }
        sha.update((byte) ';');
    }

    private static String time(LocalDateTime t) {
        return t == null ? null : MICROS.format(t);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package io.custodia.support;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.SqlTypeValue;

/**
 * Runs one statement with MariaDB's binary protocol (a server-side prepared statement) instead of the client-side
 * text protocol the pool's statements use, when it carries a large value (staged log files, uploads). As text,
 * Connector/J escapes a value into its send buffer and reserves twice its bytes first, so a 70 KB compressed log file
 * took a fresh 1 MB buffer (a humongous array for G1 at {@code -Xmx512m}, one per landed file) and the server lexed
 * and unescaped the literal; in binary the bytes go as they are. {@code useServerPrepStmts} for the whole pool would
 * change how every other statement and batch is sent (the ingest's multi-row upserts among them), hence the driver's
 * own entry point for this one statement.
 * <p>
 * The binary statement costs a prepare and a close besides the execute: Connector/J caches prepared statements only
 * with {@code useServerPrepStmts} on (checked in 3.5.8: {@code canCachePrepStmts = cachePrepStmts &&
 * useServerPrepStmts}). So rows whose values fit the text statements' budget ({@link BatchStatements}, where the
 * doubled reservation stays within the driver's 128 KB buffer) go as an ordinary text statement: one round trip
 * (in the ingest bench most uploads, 7,897 prepares fewer).
 */
public final class BinaryStatement {

    private BinaryStatement() {
    }

    /** Executes an update with the given positional values; returns the affected row count. */
    public static int update(JdbcOperations jdbc, String sql, Object... values) {
        if (BatchStatements.estimatedBytes(values) <= BatchStatements.TEXT_STATEMENT_BYTES) {
            return jdbc.update(sql, values);
        }
        Integer rows = jdbc.execute((ConnectionCallback<Integer>) con -> {
            try (PreparedStatement ps = con.unwrap(org.mariadb.jdbc.Connection.class).prepareInternal(sql,
                    Statement.NO_GENERATED_KEYS, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, true)) {
                for (int i = 0; i < values.length; i++) {
                    StatementCreatorUtils.setParameterValue(ps, i + 1, SqlTypeValue.TYPE_UNKNOWN, values[i]);
                }
                return ps.executeUpdate();
            }
        });
        return rows == null ? 0 : rows;
    }
}

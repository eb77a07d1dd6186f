package io.custodia.support;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Runs a JDBC batch as several statements of about {@value #STATEMENT_BYTES} bytes of values each (bulk) or half
 * of that (multi-row text), instead of one statement for the whole batch.
 * <p>
 * Why: with {@code rewriteBatchedStatements} MariaDB Connector/J (3.5) sends a batch as one multi-row statement
 * and grows its send buffer in steps of 8 KB → 128 KB → 1 MB → 16 MB, fresh for every statement
 * ({@code Writer.growBuffer}): a 1,000-item chunk's statement past 1 MB gets a 16 MB array, a humongous object
 * for G1 at {@code -Xmx512m} (1 MB regions), and every array past 512 KB is one too. With statements kept under
 * 128 KB, G1's concurrent marking in the ingest bench fell from 2–7 s to 0.7 s at 100k messages (A/B in
 * docs/performance.md); the extra round trips cost little. The bulk protocol's packets ({@link #insertOrKeep}) are
 * written into the same buffer, so they are cut the same way; text statements at half the size, because the driver
 * reserves twice a value's bytes while escaping it (found in the fifth round: statements of 96 KB still took 1 MB).
 * Spring and the driver have no size-bounded batching, hence this small splitter.
 * <p>
 * Rows are positional ({@code Object[]} for {@code ?} placeholders): building a {@code MapSqlParameterSource} per
 * row and resolving its names per statement ({@code NamedParameterUtils}) was about a quarter of the ingest
 * partitions' CPU (JFR, docs/performance.md "Fifth round").
 */
public final class BatchStatements {

    /** Tells a refused key (SQLSTATE class 23, also inside the driver's {@code BatchUpdateException}) from other errors. */
    private static final SQLExceptionTranslator TRANSLATOR = new SQLExceptionSubclassTranslator();

    /** Estimated bytes of values per bulk statement: below the driver's 128 KB medium buffer, with room for the rest. */
    static final int STATEMENT_BYTES = 96 * 1024;

    /**
     * The same for a text statement: the driver reserves twice a value's bytes while it escapes them
     * ({@code Writer.writeBytesEscaped}), so half of it.
     */
    static final int TEXT_STATEMENT_BYTES = STATEMENT_BYTES / 2;

    private BatchStatements() {
    }

    /**
     * Executes the rows in order, in text statements of at most about {@value #TEXT_STATEMENT_BYTES} bytes of values
     * (at least one row each): for batches the driver rewrites into multi-row text ({@code ON DUPLICATE KEY UPDATE}).
     */
    public static void update(JdbcOperations jdbc, String sql, List<Object[]> rows) {
        for (List<Object[]> statement : statements(rows, TEXT_STATEMENT_BYTES)) {
            jdbc.batchUpdate(sql, statement);
        }
    }

    /**
     * Inserts rows of which some may exist already (a re-delivered file, a chunk written again after a restart):
     * the ingest's idempotent writes of its large rows (items, audit records, outbox events).
     * <p>
     * First as a plain {@code insert}, which Connector/J sends with the bulk protocol ({@code COM_STMT_BULK_EXECUTE}:
     * the statement parsed once, the values in binary) — an {@code INSERT … ON DUPLICATE KEY UPDATE} it can only
     * send as multi-row text on MariaDB before 11.5, and parsing those statements' literals was about a third of
     * the server's CPU in the ingest bench (perf: {@code MYSQLparse}, {@code Lex_input_stream::get_text},
     * {@code my_charlen_utf8mb4}). When a statement fails on integrity (a key that exists), the server has undone
     * that statement alone, and the same rows go again as {@code upsert}, the idempotent text statement: rows that
     * exist stay as they are, and an error that was not a duplicate key is raised by it as before.
     * <p>
     * Rows are grouped by which of their values are null (in their order otherwise; {@link #groupedByNulls}): the driver starts a new bulk
     * packet whenever a value's type differs from the packet's first row's, and a null has a type of its own
     * (prompts and responses alternate in a chunk and differ in their nulls: a packet per row otherwise). So the
     * AUTO_INCREMENT ids of one call follow these groups, not the rows' order; all of them commit together.
     */
    public static void insertOrKeep(JdbcOperations jdbc, String insert, String upsert, List<Object[]> rows) {
        List<List<Object[]>> statements = statements(groupedByNulls(rows), STATEMENT_BYTES);
        List<List<Object[]>> existing = jdbc.execute((ConnectionCallback<List<List<Object[]>>>) con -> {
            // one prepared statement for all of the call's bulk statements: the server parses and prepares the
            // insert once per call, not once per statement (server-side prepares, these and the uploads', were
            // ~6 % of MariaDB's CPU in a perf profile of the ingest bench)
            List<List<Object[]>> refused = new ArrayList<>();
            try (PreparedStatement ps = con.prepareStatement(insert)) {
                for (List<Object[]> statement : statements) {
                    for (Object[] row : statement) {
                        new ArgumentPreparedStatementSetter(row).setValues(ps); // as JdbcTemplate.batchUpdate binds
                        ps.addBatch();
                    }
                    try {
                        ps.executeBatch();
                    } catch (SQLException e) {
                        if (!(TRANSLATOR.translate("bulk insert", insert, e) instanceof DataIntegrityViolationException)) {
                            throw e;
                        }
                        ps.clearBatch();
                        refused.add(statement);
                    }
                }
            }
            return refused;
        });
        for (List<Object[]> statement : existing) {
            jdbc.batchUpdate(upsert, statement);
        }
    }

    /** The rows grouped by {@link #nullMask}, groups in order of their first row, rows in order within a group. */
    static List<Object[]> groupedByNulls(List<Object[]> rows) {
        Map<Long, List<Object[]>> groups = new LinkedHashMap<>();
        for (Object[] row : rows) {
            groups.computeIfAbsent(nullMask(row), m -> new ArrayList<>()).add(row);
        }
        if (groups.size() == 1) {
            return rows;
        }
        List<Object[]> grouped = new ArrayList<>(rows.size());
        for (List<Object[]> group : groups.values()) {
            grouped.addAll(group);
        }
        return grouped;
    }

    /** Bit i set: the i-th value of the row is null (values beyond 64 share the last bit). */
    static long nullMask(Object[] row) {
        long mask = 0;
        for (int i = 0; i < row.length; i++) {
            mask |= row[i] == null ? 1L << Math.min(i, 63) : 0;
        }
        return mask;
    }

    /** The rows cut into statements of at most about {@code budget} bytes of values (at least one row each), in order. */
    static List<List<Object[]>> statements(List<Object[]> rows, int budget) {
        List<List<Object[]>> statements = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            long row = estimatedBytes(rows.get(i));
            if (i > from && bytes + row > budget) {
                statements.add(rows.subList(from, i));
                from = i;
                bytes = 0;
            }
            bytes += row;
        }
        if (from < rows.size()) {
            statements.add(from == 0 ? rows : rows.subList(from, rows.size()));
        }
        return statements;
    }

    /**
     * Rough size of a row's values: strings and bytes by length, anything else as a short literal (the escaping of
     * text statements is in their budget, {@link #TEXT_STATEMENT_BYTES}, not here).
     */
    static long estimatedBytes(Object[] row) {
        long bytes = 8;
        for (Object value : row) {
            if (value instanceof CharSequence s) {
                bytes += s.length() + 4L;
            } else if (value instanceof byte[] b) {
                bytes += b.length + 4L;
            } else {
                bytes += 24;
            }
        }
        return bytes;
    }
}

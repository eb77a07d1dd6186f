package io.custodia.support;

import java.util.Arrays;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Runs a JDBC batch as several multi-row statements of about {@value #STATEMENT_BYTES} bytes each, instead
 * of one statement for the whole batch.
 * <p>
 * Why: with {@code rewriteBatchedStatements} MariaDB Connector/J (3.5) sends a batch as one multi-row statement
 * and grows its send buffer in steps of 8 KB → 128 KB → 1 MB → 16 MB, fresh for every statement
 * ({@code Writer.growBuffer}): a 1,000-item chunk's statement past 1 MB gets a 16 MB array, a humongous object
 * for G1 at {@code -Xmx512m} (1 MB regions), and every array past 512 KB is one too. With statements kept under
 * 128 KB, G1's concurrent marking in the ingest bench fell from 2–7 s to 0.7 s at 100k messages (A/B in
 * docs/performance.md); the extra round trips cost little.
 * Spring and the driver have no size-bounded batching, hence this small splitter.
 */
public final class BatchStatements {

    /** Estimated SQL bytes per statement: below the driver's 128 KB medium buffer, with room for the SQL text. */
    static final int STATEMENT_BYTES = 96 * 1024;

    private BatchStatements() {
    }

    /** Executes the rows in order, in statements of at most about {@value #STATEMENT_BYTES} bytes (at least one row each). */
    public static void update(NamedParameterJdbcTemplate jdbc, String sql, SqlParameterSource[] rows) {
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < rows.length; i++) {
            long row = estimatedBytes(rows[i]);
            if (i > from && bytes + row > STATEMENT_BYTES) {
                jdbc.batchUpdate(sql, Arrays.copyOfRange(rows, from, i));
                from = i;
                bytes = 0;
            }
            bytes += row;
        }
        if (from < rows.length) {
            jdbc.batchUpdate(sql, from == 0 ? rows : Arrays.copyOfRange(rows, from, rows.length));
        }
    }

    /** Rough size of a row as SQL text: strings and bytes by length, anything else as a short literal. */
    static long estimatedBytes(SqlParameterSource row) {
        long bytes = 8;
        if (row instanceof MapSqlParameterSource map) { // what the ingest passes: its values without copying the names
            for (Object value : map.getValues().values()) {
                bytes += valueBytes(value);
            }
            return bytes;
        }
        String[] names = row.getParameterNames();
        for (String name : names == null ? new String[0] : names) {
            bytes += valueBytes(row.getValue(name));
        }
        return bytes;
    }

    private static long valueBytes(Object value) {
        if (value instanceof CharSequence s) {
            return s.length() + 4L;
        }
        if (value instanceof byte[] b) {
            return b.length * 2L + 4; // may be escaped
        }
        return 24;
    }
}

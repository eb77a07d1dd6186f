package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.custodia.retention.RetentionJobContext;

/** Values sent in MariaDB's binary protocol arrive as they were: every byte value, nulls, dates; errors translate. */
class BinaryStatementTest extends RetentionJobContext {

    private static final String UPSERT = """
            INSERT INTO file_blob (workspace_id, file_id, user_id, name, content_type, size_bytes, sha256, body, status,
                                   error, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE body = IF(status = 'FETCHED', body, VALUES(body))""";

    @Test
    void aLargeBinaryValueWithEveryByteAndNullsIsStoredAsSentAndTheSameRowAgainChangesNothing() {
        byte[] body = new byte[256 * 300]; // 75 KB: as escaped text it would take the driver's 1 MB buffer
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i; // 0x00, quotes, backslashes, invalid UTF-8 …
        }
        var at = Utc.now();
        Object[] row = {"ws-binary", "file-binary", null, "it's \"quoted\" \\ ü.bin", "application/octet-stream",
                body.length, "ab".repeat(32), body, "FETCHED", null, at};
        assertThat(BinaryStatement.update(jdbc, UPSERT, row)).isEqualTo(1);
        BinaryStatement.update(jdbc, UPSERT, row);

        Map<String, Object> stored = jdbc.queryForMap("SELECT * FROM file_blob WHERE workspace_id = 'ws-binary'");
        assertThat(stored.get("body")).isEqualTo(body);
        assertThat(stored.get("name")).isEqualTo("it's \"quoted\" \\ ü.bin");
        assertThat(stored.get("user_id")).isNull();
        assertThat(stored.get("error")).isNull();
        assertThat(((Number) stored.get("size_bytes")).longValue()).isEqualTo(body.length);
        assertThat(count("SELECT COUNT(*) FROM file_blob WHERE workspace_id = 'ws-binary'")).isEqualTo(1);
    }

    @Test
    void aSmallRowGoesAsOneTextStatementWithoutAPrepareAndALargeOneIsPrepared() {
        byte[] small = new byte[256 * 4]; // 1 KB of every byte value: escaped by the driver into the text statement
        for (int i = 0; i < small.length; i++) {
            small[i] = (byte) i;
        }
        byte[] large = new byte[80 * 1024];
        jdbc.execute((ConnectionCallback<Void>) con -> {
            JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(con, true));
            long prepares = prepares(one);
            BinaryStatement.update(one, UPSERT, "ws-binary-paths", "file-small", "user-1", "small 'quoted' \\ ü.bin",
                    "application/octet-stream", small.length, "cd".repeat(32), small, "FETCHED", null, Utc.now());
            assertThat(prepares(one)).isEqualTo(prepares);
            BinaryStatement.update(one, UPSERT, "ws-binary-paths", "file-large", "user-1", "large.bin",
                    "application/octet-stream", large.length, "ef".repeat(32), large, "FETCHED", null, Utc.now());
            assertThat(prepares(one)).isEqualTo(prepares + 1);
            return null;
        });
        Map<String, Object> stored = jdbc.queryForMap("SELECT * FROM file_blob WHERE file_id = 'file-small'");
        assertThat(stored.get("body")).isEqualTo(small);
        assertThat(stored.get("name")).isEqualTo("small 'quoted' \\ ü.bin");
        assertThat(jdbc.queryForObject("SELECT body FROM file_blob WHERE file_id = 'file-large'", byte[].class))
                .isEqualTo(large);
    }

    /** Server-side prepares of this connection's session. */
    private static long prepares(JdbcTemplate one) {
        return one.query("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'", rs -> rs.next() ? rs.getLong(2) : -1);
    }

    @Test
    void errorsAreTranslatedLikeTheTemplatesOwn() {
        assertThatThrownBy(() -> BinaryStatement.update(jdbc, UPSERT, "ws-binary", "file-no-status", null, null, null,
                null, null, null, null, null, Utc.now()))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}

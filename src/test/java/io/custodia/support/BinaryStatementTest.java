package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

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
    void errorsAreTranslatedLikeTheTemplatesOwn() {
        assertThatThrownBy(() -> BinaryStatement.update(jdbc, UPSERT, "ws-binary", "file-no-status", null, null, null,
                null, null, null, null, null, Utc.now()))
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}

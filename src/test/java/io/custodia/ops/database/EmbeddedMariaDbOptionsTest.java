package io.custodia.ops.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.custodia.retention.RetentionJobContext;

/** The embedded server runs with the configured redo log and extra options (application-test.yaml). */
class EmbeddedMariaDbOptionsTest extends RetentionJobContext {

    @Test
    void theRedoLogSizeAndServerArgsReachTheServer() {
        assertThat(jdbc.queryForObject("SELECT @@innodb_log_file_size", Long.class)).isEqualTo(96L * 1024 * 1024);
        assertThat(jdbc.queryForObject("SELECT @@innodb_ft_cache_size", Long.class)).isEqualTo(16_000_000L);
    }

    @Test
    void anOptionThatIsNotAServerOptionIsRefusedWithItsName() {
        assertThatThrownBy(() -> new EmbeddedDatabaseProperties(null, null, null, null, false, null, Duration.ofMinutes(1),
                false, null, List.of("innodb-buffer-pool-size=1G")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("custodia.embedded-db.server-args")
                .hasMessageContaining("innodb-buffer-pool-size=1G");
        assertThat(new EmbeddedDatabaseProperties(null, null, null, null, false, null, null, false, null, null).redoLog())
                .isEqualTo("512M");
    }
}

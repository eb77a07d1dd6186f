package io.custodia.ops.database;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The hub's database and nothing else, configured exactly as the hub configures it
 * ({@code spring.datasource.*}, or the embedded MariaDB of {@code custodia.embedded-db.*} when no URL is
 * set): for commands of the jar that need the data but not the hub (no web server, routes, Quartz,
 * Flyway). Embedded: the command starts the embedded server on the hub's data directory, which works
 * only while the hub itself is stopped.
 */
// deliberately not @Configuration: only commands import it; the hub's component scanning must not
@Import(EmbeddedDatabaseConfiguration.class)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class})
public class DatabaseAccess {
}

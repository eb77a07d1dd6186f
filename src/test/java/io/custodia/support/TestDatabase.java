package io.custodia.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the whole suite against an external MariaDB server when {@code CUSTODIA_TEST_DB_URL} is set
 * (e.g. {@code jdbc:mariadb://127.0.0.1:3306/}): every Spring context gets a fresh schema there, so
 * tests stay isolated as they are on the embedded server. Without the variable nothing changes.
 */
public class TestDatabase implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String server = System.getenv("CUSTODIA_TEST_DB_URL");
        if (server == null || server.isBlank() || env.containsProperty("spring.datasource.url")) {
            return;
        }
        String user = System.getenv().getOrDefault("CUSTODIA_TEST_DB_USER", "root");
        String password = System.getenv().getOrDefault("CUSTODIA_TEST_DB_PASSWORD", "");
        // the schema the embedded server would have used (random per context, or fixed by a test that
        // restarts the hub on the same data)
        String schema = env.getProperty("custodia.embedded-db.database", "t_" + UUID.randomUUID().toString().replace("-", ""));
        if (!schema.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("bad test schema name " + schema);
        }
        try (Connection c = DriverManager.getConnection(server, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema on " + server, e);
        }
        String base = server.endsWith("/") ? server : server + "/";
        env.getPropertySources().addFirst(new MapPropertySource("custodia-test-database", Map.of(
                "spring.datasource.url", base + schema,
                "spring.datasource.username", user,
                "spring.datasource.password", password)));
    }
}

package io.custodia.source;

import java.sql.Connection;

import javax.sql.DataSource;

import org.apache.camel.component.jdbc.ConnectionStrategy;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Lets camel-jdbc join the Spring transaction of a {@code transacted} route, so a route can land a
 * file and advance its checkpoint in one commit. (camel-jdbc's default strategy opens its own
 * connection; the Spring-aware one lived in the camel-spring-jdbc module, which is not served here.)
 */
public class SpringConnectionStrategy implements ConnectionStrategy {

    @Override
    public Connection getConnection(DataSource dataSource) {
        return DataSourceUtils.getConnection(dataSource);
    }

    @Override
    public boolean isConnectionTransactional(Connection connection, DataSource dataSource) {
        return DataSourceUtils.isConnectionTransactional(connection, dataSource);
    }
}

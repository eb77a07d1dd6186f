package io.custodia.source;

import javax.sql.DataSource;

import org.apache.camel.component.jdbc.JdbcComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.custodia.ops.cluster.TransactionalScheduler;

/** Camel components and helpers of the collection routes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SourceProperties.class, ResilienceProperties.class, StagingProperties.class})
class SourceConfiguration {

    /** camel-jdbc on the hub's data source, joining Spring transactions of {@code transacted} routes. */
    @Bean("jdbc")
    JdbcComponent jdbcComponent(DataSource dataSource) {
        JdbcComponent jdbc = new JdbcComponent();
        jdbc.setDataSource(dataSource);
        jdbc.setConnectionStrategy(new SpringConnectionStrategy());
        return jdbc;
    }

    /**
     * camel-quartz on the Spring-managed scheduler, whose job store is the clustered JDBC store in
     * MariaDB: each trigger fires on one node of a cluster.
     */
    @Bean("quartz")
    QuartzComponent quartzComponent(Scheduler scheduler, PlatformTransactionManager transactionManager) {
        QuartzComponent quartz = new QuartzComponent();
        // jobs and triggers are stored under Quartz's row lock, held by a transaction (see TransactionalScheduler)
        quartz.setScheduler(TransactionalScheduler.wrap(scheduler, transactionManager));
        quartz.setPrefixInstanceName(false);
        return quartz;
    }

    @Bean("complianceApiHeaders")
    ComplianceApiHeaders complianceApiHeaders() {
        return ComplianceApiHeaders.api();
    }

    @Bean("signedDownloadHeaders")
    ComplianceApiHeaders signedDownloadHeaders() {
        return ComplianceApiHeaders.signedDownload();
    }
}

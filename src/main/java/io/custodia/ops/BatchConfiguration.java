package io.custodia.ops;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.custodia.ops.cluster.ClusterProperties;

/**
 * Jobs started through the JobOperator run on their own threads, so routes and the API never wait for
 * them; every job of the context is registered, so executions can be restarted by job name.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class BatchConfiguration {

    /** Registers every {@code Job} bean of the context (the JobOperator looks jobs up here to restart them). */
    @Bean
    MapJobRegistry jobRegistry() {
        return new MapJobRegistry();
    }

    @Bean
    @BatchTaskExecutor
    TaskExecutor batchTaskExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("batch-");
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(8);
        executor.setQueueCapacity(100);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(30);
        executor.initialize();
        return executor;
    }
}

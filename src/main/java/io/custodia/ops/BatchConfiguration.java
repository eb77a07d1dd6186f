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
        ThreadPoolTaskExecutor executor = new NonPausingTaskExecutor();
        executor.setThreadNamePrefix("batch-");
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(8);
        executor.setQueueCapacity(100);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(30);
        executor.initialize();
        return executor;
    }

    /**
     * A {@link ThreadPoolTaskExecutor} that a context's stop or pause does not pause. Since Spring 6.1 a stopped
     * context pauses its executors: a task that has not started parks until the context starts again, and the close
     * of a context that is still paused never wakes it — the close waits the whole await-termination time (30 s)
     * and the job launch is lost. The TestContext framework pauses the cached contexts it is not using
     * ({@code pause()}), and anyone may call {@code stop()}; neither stops running jobs, and an
     * ingest run that ends launches the next one ({@code IngestJobLauncher.afterJob}) — seen parked this way at
     * the end of every {@code mvn verify}. A job launched here runs; running jobs still get their 30 s at close.
     */
    static final class NonPausingTaskExecutor extends ThreadPoolTaskExecutor {

        @Override
        public void stop() {
            // not paused: see the class comment
        }

        @Override
        public void stop(Runnable callback) {
            callback.run();
        }
    }
}

package io.custodia.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spring.SpringCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.task.TaskExecutor;

/**
 * A job launched while a context is paused — here by a component stopping at Camel's phase, after the
 * executor's; in the hub by an ingest run that ends and launches the next — runs, and the close that follows does
 * not wait for it. A stock {@code ThreadPoolTaskExecutor} is paused too: the launch parked until the close gave up
 * on it 30 s later, and never ran (this test then fails after 30 s).
 */
class BatchTaskExecutorShutdownTest {

    @Test
    void aLaunchWhileTheContextIsPausedRunsAndDoesNotHoldTheCloseUp() throws Exception {
        int camelPhase;
        try (SpringCamelContext camel = new SpringCamelContext()) {
            camelPhase = camel.getPhase();
        }
        CountDownLatch ran = new CountDownLatch(1);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("batchTaskExecutor", TaskExecutor.class, () -> new BatchConfiguration().batchTaskExecutor());
            context.registerBean("camelLike", SmartLifecycle.class, () -> new LaunchingOnStop(camelPhase,
                    context.getBean("batchTaskExecutor", TaskExecutor.class), ran));
            context.refresh();
            context.pause(); // what the TestContext framework does to the cached contexts it is not using
        }
        assertThat(ran.await(0, TimeUnit.SECONDS)).as("the launch made while the context paused has run").isTrue();
    }

    /** Stands in for Camel: stops at its phase and launches a job while it does. */
    private static final class LaunchingOnStop implements SmartLifecycle {
        private final int phase;
        private final TaskExecutor executor;
        private final CountDownLatch ran;
        private volatile boolean running;

        LaunchingOnStop(int phase, TaskExecutor executor, CountDownLatch ran) {
            this.phase = phase;
            this.executor = executor;
            this.ran = ran;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            executor.execute(ran::countDown);
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return phase;
        }
    }
}

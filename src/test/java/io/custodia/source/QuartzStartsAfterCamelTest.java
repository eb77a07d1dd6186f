package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Quartz scheduler starts once Camel has started, not before: started by Spring first, it fired triggers
 * that were due (a restart's, or a schedule's first second) into a CamelContext camel-quartz had not registered
 * yet — "No CamelContext could be found with name: custodia", that run lost until the next fire.
 */
@SpringBootTest
@ActiveProfiles("test")
class QuartzStartsAfterCamelTest {

    static final AtomicReference<Boolean> startedBeforeCamel = new AtomicReference<>();

    @TestConfiguration
    static class BeforeCamel {
        @Bean
        CamelContextConfiguration schedulerStateBeforeCamel(Scheduler scheduler) {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext camelContext) {
                    try {
                        startedBeforeCamel.set(scheduler.isStarted());
                    } catch (org.quartz.SchedulerException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void afterApplicationStart(CamelContext camelContext) {
                }
            };
        }
    }

    @Autowired
    Scheduler scheduler;

    @Test
    void theSchedulerIsStartedByCamelOnceCamelIsUp() {
        assertThat(startedBeforeCamel.get()).as("scheduler started before Camel").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(scheduler::isStarted);
    }
}

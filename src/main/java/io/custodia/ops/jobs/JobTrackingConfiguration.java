package io.custodia.ops.jobs;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds the {@link JobExecutionTracker} to every job bean, whoever defines the job. */
@Configuration(proxyBeanMethods = false)
class JobTrackingConfiguration {

    @Bean
    static BeanPostProcessor jobTrackingPostProcessor(ObjectProvider<JobExecutionTracker> tracker) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractJob job) {
                    // resolved when the job runs: the tracker's own dependencies need not exist yet
                    job.registerJobExecutionListener(new JobExecutionListener() {
                        @Override
                        public void beforeJob(JobExecution execution) {
                            tracker.getObject().beforeJob(execution);
                        }

                        @Override
                        public void afterJob(JobExecution execution) {
                            tracker.getObject().afterJob(execution);
                        }
                    });
                }
                return bean;
            }
        };
    }
}

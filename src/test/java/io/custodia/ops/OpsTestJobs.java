package io.custodia.ops;

import java.util.OptionalDouble;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

import io.custodia.ops.jobs.JobProgress;

/**
 * A real Spring Batch job for the job-control tests, slow on purpose so that a test can watch, stop and
 * restart it: job {@code sleepy} counts {@code items} numbers in chunks of 5, sleeping {@code sleepMillis}
 * per item, and fails on item {@code failAt} if given. Its reader keeps its position, so a restart resumes
 * after the last committed chunk.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpsTestJobs {

    public static final String JOB = "sleepy";

    @Bean
    Job sleepyJob(JobRepository jobRepository, Step sleepyStep) {
        return new JobBuilder(JOB, jobRepository).start(sleepyStep).build();
    }

    @Bean
    Step sleepyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, CountingReader sleepyReader,
                    ItemProcessor<Long, Long> sleepyProcessor) {
        return new StepBuilder("sleepy-items", jobRepository)
                .<Long, Long>chunk(5)
                .transactionManager(transactionManager)
                .reader(sleepyReader)
                .processor(sleepyProcessor)
                .writer(chunk -> { })
                .build();
    }

    @Bean
    @StepScope
    CountingReader sleepyReader(@Value("#{jobParameters['items'] ?: 20}") Long items) {
        return new CountingReader(items);
    }

    @Bean
    @StepScope
    ItemProcessor<Long, Long> sleepyProcessor(@Value("#{jobParameters['sleepMillis'] ?: 10}") Long sleepMillis,
                                              @Value("#{jobParameters['failAt'] ?: -1}") Long failAt) {
        return item -> {
            if (item.longValue() == failAt.longValue()) {
                throw new IllegalStateException("item " + item + " fails on purpose");
            }
            Thread.sleep(sleepMillis);
            return item;
        };
    }

    /** Progress of {@code sleepy}: items read out of {@code items}. */
    @Bean
    JobProgress sleepyProgress() {
        return new JobProgress() {
            @Override
            public String jobName() {
                return JOB;
            }

            @Override
            public OptionalDouble fraction(JobExecution execution) {
                Long items = execution.getJobParameters().getLong("items", 20L);
                long read = execution.getStepExecutions().stream().mapToLong(StepExecution::getReadCount).sum();
                return OptionalDouble.of(items == 0 ? 1 : (double) read / items);
            }
        };
    }

    /** Reads 1, 2, 3 … up to {@code items}; its position is saved with every chunk. */
    public static class CountingReader implements ItemStreamReader<Long> {
        private static final String POSITION = "sleepy.position";
        private final long items;
        private long position;

        CountingReader(long items) {
            this.items = items;
        }

        @Override
        public Long read() {
            return position < items ? ++position : null;
        }

        @Override
        public void open(ExecutionContext context) {
            position = context.containsKey(POSITION) ? context.getLong(POSITION) : 0;
        }

        @Override
        public void update(ExecutionContext context) {
            context.putLong(POSITION, position);
        }
    }
}

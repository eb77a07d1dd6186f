package io.custodia.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import io.custodia.support.Utc;

/**
 * The disposition job {@code retention}, parameters {@code asOf} (ISO-8601 instant: the run's clock),
 * {@code dryRun} ({@code true}: count, change nothing), {@code run} (identifies the run), {@code user}:
 * <ol>
 *   <li>{@code retention-evaluate}: every live item (keyset-paged by id, so a restart resumes after the
 *       last committed chunk) is decided by the principles of retention; expired items no hold covers
 *       move to the recoverable area;</li>
 *   <li>{@code retention-purge}: recoverable items whose grace period has passed by {@code asOf} are
 *       purged (or kept if now held, or restored if the rules changed);</li>
 *   <li>{@code retention-source-deletion}: deletions at the source the purges requested.</li>
 * </ol>
 * Each chunk is one transaction (item moves, ledger, audit records, outbox events, run counters and the
 * reader's position together), so a failed run restarted with {@code JobOperator.restart} disposes of no
 * item twice and skips none.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionJobConfiguration {

    public static final String JOB_NAME = "retention";

    @Bean
    Job retentionJob(JobRepository jobRepository, Step retentionEvaluateStep, Step retentionPurgeStep,
                     Step retentionSourceDeletionStep, RetentionRunListener listener) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(listener)
                .start(retentionEvaluateStep)
                .next(retentionPurgeStep)
                .next(retentionSourceDeletionStep)
                .build();
    }

    @Bean
    Step retentionEvaluateStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                               JdbcPagingItemReader<Long> liveItemIds, ItemWriter<Long> evaluateWriter,
                               RetentionProperties props) {
        return chunkStep("retention-evaluate", jobRepository, transactionManager, liveItemIds, evaluateWriter, props);
    }

    @Bean
    Step retentionPurgeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            JdbcPagingItemReader<Long> dueRecoverableItemIds, ItemWriter<Long> purgeWriter,
                            RetentionProperties props) {
        return chunkStep("retention-purge", jobRepository, transactionManager, dueRecoverableItemIds, purgeWriter, props);
    }

    /** Item ids in chunks, each chunk written (decided and disposed of) in one transaction. */
    private static Step chunkStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  JdbcPagingItemReader<Long> reader, ItemWriter<Long> writer, RetentionProperties props) {
        return new StepBuilder(name, jobRepository)
                .<Long, Long>chunk(props.chunkSize())
                .transactionManager(transactionManager)
                .reader(reader)
                .writer(writer)
                .build();
    }

    @Bean
    Step retentionSourceDeletionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                     Tasklet sourceDeletionTasklet) {
        return new StepBuilder("retention-source-deletion", jobRepository)
                .tasklet(sourceDeletionTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<Long> liveItemIds(DataSource dataSource, RetentionProperties props) throws Exception {
        return ids("liveItemIds", "id", "mail_item", null, Map.of(), dataSource, props);
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<Long> dueRecoverableItemIds(DataSource dataSource, RetentionProperties props,
                                                     @Value("#{jobParameters['asOf']}") String asOf) throws Exception {
        return ids("dueRecoverableItemIds", "item_id", "retention_disposal", "stage = 'RECOVERABLE' AND purge_after <= :asOf",
                Map.of("asOf", Utc.toDb(Instant.parse(asOf))), dataSource, props);
    }

    /** Ids in ascending order, keyset-paged: a restart resumes after the last id of the last committed chunk. */
    private static JdbcPagingItemReader<Long> ids(String name, String column, String table, String where,
                                                  Map<String, Object> params, DataSource dataSource,
                                                  RetentionProperties props) throws Exception {
        return new JdbcPagingItemReaderBuilder<Long>()
                .name(name)
                .dataSource(dataSource)
                .selectClause(column)
                .fromClause(table)
                .whereClause(where)
                .parameterValues(params)
                .sortKeys(Map.of(column, Order.ASCENDING))
                .rowMapper((rs, n) -> rs.getLong(1))
                .pageSize(props.chunkSize())
                .build();
    }

    @Bean
    @StepScope
    ItemWriter<Long> evaluateWriter(Disposition disposition, RetentionRules rules,
                                    @Value("#{jobParameters}") Map<String, Object> parameters) {
        Run run = run(parameters, rules.load());
        return chunk -> disposition.evaluate(run, new ArrayList<>(chunk.getItems()));
    }

    @Bean
    @StepScope
    ItemWriter<Long> purgeWriter(Disposition disposition, RetentionRules rules,
                                 @Value("#{jobParameters}") Map<String, Object> parameters) {
        Run run = run(parameters, rules.load());
        return chunk -> disposition.purge(run, new ArrayList<>(chunk.getItems()));
    }

    @Bean
    @StepScope
    Tasklet sourceDeletionTasklet(SourceDeletions deletions, @Value("#{jobParameters}") Map<String, Object> parameters) {
        Run run = run(parameters, null);
        return (contribution, context) -> deletions.next(run) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    }

    /** The run as a step sees it: its parameters and the rules as they are when the step starts. */
    private static Run run(Map<String, Object> parameters, RetentionRules.Snapshot rules) {
        Object user = parameters.get("user");
        return new Run((String) parameters.get("run"), Instant.parse((String) parameters.get("asOf")),
                Boolean.parseBoolean((String) parameters.get("dryRun")), user == null ? "system" : (String) user, rules);
    }
}

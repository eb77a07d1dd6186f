package io.custodia.ingest;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.dao.PessimisticLockingFailureException;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.custodia.ediscovery.HoldEvaluator;
import io.micrometer.observation.ObservationPredicate;
import io.custodia.ingest.remote.RemotePartitioningProperties;
import io.custodia.support.Utc;

/**
 * The ingest job: staged log files {@code (fromId, toId]} → mailbox items and audit records.
 * <ol>
 *   <li>{@code ingest-events}: reads the files line by line (a multi-resource flat-file reader, so a
 *       restart resumes at the file and line of the last committed chunk), turns each line into items and
 *       audit records, writes them per chunk in one transaction; malformed lines are skipped into the
 *       quarantine. Partitioned by custodian into {@code custodia.ingest.partitions} slices (as many as the
 *       cores by default) that run in parallel, each a chunk step of its own with its own restart state
 *       ({@link IngestPartitioner}).</li>
 *   <li>{@code mark-ingested}: flags the range's files as ingested.</li>
 * </ol>
 * Writes are idempotent by natural keys, so overlapping or repeated runs change nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestJobConfiguration {

    public static final String JOB_NAME = "ingest";
    private static final Logger log = LoggerFactory.getLogger(IngestJobConfiguration.class);

    public static final String EVENTS_STEP = "ingest-events";
    /** The chunk step each partition runs (recorded as {@code ingest-events:p0}, {@code :p1} … in the job repository). */
    public static final String WORKER_STEP = "ingest-events-partition";

    /**
     * Spring Batch observes every item it reads and every item it processes (a timer and a long-task timer each,
     * with their tags): 8 % of the ingest partitions' CPU in the bench's profile. The read timer's count is the
     * documented ingest rate (docs/operations.md) and stays; the process timer, which repeats it line by line,
     * is not recorded.
     */
    @Bean
    ObservationPredicate batchItemProcessNotObserved() {
        return (name, context) -> !"spring.batch.item.process".equals(name);
    }

    @Bean
    Job ingestJob(JobRepository jobRepository, Step ingestEventsStep, Step markIngestedStep,
                  IngestJobLauncher launcher, HoldEvaluator holdEvaluator) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(ingestEventsStep)
                .next(markIngestedStep)
                .listener(launcher)
                .listener(holdEvaluator) // query holds cover newly ingested items (eDiscovery)
                .build();
    }

    /**
     * {@code ingest-events}: with {@code custodia.ingest.partitions} = 1 the chunk step itself; above, a
     * partitioned step whose partitions ({@link IngestPartitioner}, by custodian) run the chunk step
     * {@link #WORKER_STEP} through {@code ingestPartitionHandler} — local threads here, replaceable by a remote
     * handler (a bean of that name) that runs the same worker step on other nodes.
     */
    @Bean
    Step ingestEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          PartitionedLineReader stagedLineReader, LogLineProcessor processor, IngestWriter writer,
                          QuarantineSkipListener quarantine, IngestProperties props,
                          @Qualifier("ingestPartitionHandler") ObjectProvider<PartitionHandler> ingestPartitionHandler,
                          RemotePartitioningProperties remote) {
        if (props.partitions() == 1 && !remote.manager()) {
            return chunkStep(EVENTS_STEP, jobRepository, transactionManager, stagedLineReader, processor, writer, quarantine, props);
        }
        return new StepBuilder(EVENTS_STEP, jobRepository)
                .partitioner(EVENTS_STEP, new IngestPartitioner()) // partitions: ingest-events:p0, :p1 …
                .partitionHandler(ingestPartitionHandler.getObject())
                .build();
    }

    /** The worker step of the partitions (also what a remote worker node runs). */
    @Bean
    Step ingestWorkerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          PartitionedLineReader stagedLineReader, LogLineProcessor processor, IngestWriter writer,
                          QuarantineSkipListener quarantine, IngestProperties props) {
        return chunkStep(WORKER_STEP, jobRepository, transactionManager, stagedLineReader, processor, writer, quarantine, props);
    }

    /**
     * Runs the partitions on local threads, one per partition. A remote partition handler (e.g. over
     * RabbitMQ, see {@link IngestPartitioner}) replaces it by defining a bean named {@code ingestPartitionHandler}.
     */
    @Bean
    // a remote manager node has the RabbitMQ handler of io.custodia.ingest.remote instead
    @ConditionalOnBooleanProperty(name = "custodia.ingest.remote.manager", havingValue = false, matchIfMissing = true)
    PartitionHandler ingestPartitionHandler(Step ingestWorkerStep, IngestProperties props) {
        return new LocalPartitionHandler(ingestWorkerStep, props.partitions());
    }

    /** One pooled thread per partition, kept between runs; shut down with the context. */
    static final class LocalPartitionHandler extends TaskExecutorPartitionHandler implements DisposableBean {

        private final ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();

        LocalPartitionHandler(Step workerStep, int partitions) {
            threads.setThreadNamePrefix("ingest-partition-");
            threads.setCorePoolSize(partitions);
            threads.setMaxPoolSize(partitions);
            threads.setQueueCapacity(partitions * 4);
            threads.setWaitForTasksToCompleteOnShutdown(true);
            threads.setAwaitTerminationSeconds(30);
            threads.initialize();
            setStep(workerStep);
            setTaskExecutor(threads);
            setGridSize(partitions);
        }

        @Override
        public void destroy() {
            threads.shutdown();
        }
    }

    private static Step chunkStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  PartitionedLineReader reader, LogLineProcessor processor, IngestWriter writer,
                                  QuarantineSkipListener quarantine, IngestProperties props) {
        return new StepBuilder(name, jobRepository)
                .<LogLine, IngestRecords>chunk(props.chunkSize())
                .transactionManager(transactionManager)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .faultTolerant()
                .skipPolicy((t, skipCount) -> t instanceof MalformedRecordException)
                .skipListener(quarantine)
                // partitions write disjoint rows, but InnoDB may still pick one as a deadlock victim: redo its chunk
                .retry(PessimisticLockingFailureException.class)
                .retryLimit(3)
                .build();
    }

    @Bean
    @StepScope
    PartitionedLineReader stagedLineReader(@Value("#{jobParameters['fromId']}") Long fromId,
                                           @Value("#{jobParameters['toId']}") Long toId,
                                           @Value("#{stepExecutionContext['" + IngestPartitioner.PARTITION + "']}") Integer partition,
                                           @Value("#{stepExecutionContext['" + IngestPartitioner.PARTITIONS + "']}") Integer partitions,
                                           JdbcTemplate jdbc, JsonMapper json, StagedFileSplits splits,
                                           RemotePartitioningProperties remote) {
        // released files (io.custodia.source.StagedFileRelease) were ingested long ago and have an empty body: they
        // stay in the list (a restart's position is an index into it, and a release may come between a failure and
        // the restart) and read as no lines; a run over them (ingest-range) says so once (partition 0)
        List<StagedLogFileResource> files = new ArrayList<>();
        int released = jdbc.query("""
                SELECT id, workspace_id, event_type, file_id, file_size, status FROM staged_log_file
                WHERE id > ? AND id <= ? ORDER BY id""", rs -> {
                    int n = 0;
                    while (rs.next()) {
                        files.add(new StagedLogFileResource(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getLong(5), jdbc));
                        n += "RELEASED".equals(rs.getString(6)) ? 1 : 0;
                    }
                    return n;
                }, fromId, toId);
        if (released > 0 && (partition == null || partition == 0)) {
            log.warn("Ingest of staged files {} to {}: {} of them were released (custodia.staging.keep-ingested after "
                    + "their ingest) and have no lines left to read", fromId + 1, toId, released);
        }
        // with remote partitioning a node runs some of the partitions only: it would keep every file for the others
        return PartitionedLineReader.over(files, json, partition == null ? 0 : partition, partitions == null ? 1 : partitions,
                remote.manager() || remote.worker() ? null : splits);
    }

    @Bean
    Step markIngestedStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          Tasklet markIngestedTasklet) {
        return new StepBuilder("mark-ingested", jobRepository)
                .tasklet(markIngestedTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    Tasklet markIngestedTasklet(@Value("#{jobParameters['fromId']}") Long fromId,
                                @Value("#{jobParameters['toId']}") Long toId, JdbcTemplate jdbc) {
        return (contribution, context) -> {
            int n = jdbc.update("""
                    UPDATE staged_log_file SET status = 'INGESTED', ingested_at = ?
                    WHERE id > ? AND id <= ? AND status = 'READY'""", Utc.now(), fromId, toId);
            contribution.incrementWriteCount(n);
            return RepeatStatus.FINISHED;
        };
    }
}

package io.custodia.ingest;

import java.util.Comparator;
import java.util.List;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.MultiResourceItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.custodia.ediscovery.HoldEvaluator;
import io.custodia.support.Utc;

/**
 * The ingest job: staged log files {@code (fromId, toId]} → mailbox items and audit records.
 * <ol>
 *   <li>{@code ingest-events}: reads the files line by line (a multi-resource flat-file reader, so a
 *       restart resumes at the file and line of the last committed chunk), turns each line into items and
 *       audit records, writes them per chunk in one transaction; malformed lines are skipped into the
 *       quarantine.</li>
 *   <li>{@code mark-ingested}: flags the range's files as ingested.</li>
 * </ol>
 * Writes are idempotent by natural keys, so overlapping or repeated runs change nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestJobConfiguration {

    public static final String JOB_NAME = "ingest";

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

    @Bean
    Step ingestEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          MultiResourceItemReader<LogLine> stagedLineReader, LogLineProcessor processor,
                          IngestWriter writer, QuarantineSkipListener quarantine, IngestProperties props) {
        return new StepBuilder("ingest-events", jobRepository)
                .<LogLine, IngestRecords>chunk(props.chunkSize())
                .transactionManager(transactionManager)
                .reader(stagedLineReader)
                .processor(processor)
                .writer(writer)
                .faultTolerant()
                .skipPolicy((t, skipCount) -> t instanceof MalformedRecordException)
                .skipListener(quarantine)
                .build();
    }

    @Bean
    @StepScope
    MultiResourceItemReader<LogLine> stagedLineReader(@Value("#{jobParameters['fromId']}") Long fromId,
                                                       @Value("#{jobParameters['toId']}") Long toId,
                                                       JdbcTemplate jdbc) {
        List<StagedLogFileResource> files = jdbc.query("""
                SELECT id, workspace_id, event_type, file_id FROM staged_log_file
                WHERE id > ? AND id <= ? ORDER BY id""",
                (rs, n) -> new StagedLogFileResource(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), jdbc),
                fromId, toId);
        FlatFileItemReader<LogLine> lines = new FlatFileItemReader<>(LogLine::new);
        lines.setName("stagedLines");
        lines.setEncoding("UTF-8");
        MultiResourceItemReader<LogLine> reader = new MultiResourceItemReader<>(lines);
        reader.setName("stagedLogFiles");
        reader.setResources(files.toArray(Resource[]::new));
        reader.setComparator(Comparator.comparingLong(r -> ((StagedLogFileResource) r).id()));
        reader.setStrict(false);
        return reader;
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

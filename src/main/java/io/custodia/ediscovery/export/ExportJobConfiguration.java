package io.custodia.ediscovery.export;

import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.custodia.ediscovery.EdiscoveryActivity;
import io.custodia.ediscovery.EdiscoveryProperties;
import io.custodia.support.Utc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export job ({@code ediscoveryExport}, parameter {@code exportId}):
 * <ol>
 *   <li>{@code plan-export}: lists the search's hits as export items grouped into units;</li>
 *   <li>{@code export-units}: writes the units' files, a chunk of units per transaction, recording path and
 *       SHA-256 per item (a paging reader over {@code export_unit}: a restart resumes after the last
 *       committed chunk);</li>
 *   <li>{@code package-export}: reports, manifest, zip, export completed.</li>
 * </ol>
 * Progress is visible in {@code GET /api/v1/exports/{id}} and in the JobRepository.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdiscoveryProperties.class)
public class ExportJobConfiguration {

    public static final String JOB_NAME = "ediscoveryExport";

    @Bean
    Job ediscoveryExportJob(JobRepository jobRepository, Step planExportStep, Step exportUnitsStep, Step packageExportStep,
                            JdbcTemplate jdbc) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(planExportStep)
                .next(exportUnitsStep)
                .next(packageExportStep)
                .listener(new ExportStatusListener(jdbc))
                .build();
    }

    @Bean
    Step planExportStep(JobRepository jobRepository, PlatformTransactionManager tm, ExportPlanner exportPlanner) {
        return new StepBuilder("plan-export", jobRepository).tasklet(exportPlanner, tm).build();
    }

    @Bean
    Step exportUnitsStep(JobRepository jobRepository, PlatformTransactionManager tm, JdbcPagingItemReader<Long> exportUnitReader,
                         ExportUnitWriter exportUnitWriter, EdiscoveryProperties props) {
        return new StepBuilder("export-units", jobRepository)
                .<Long, Long>chunk(props.export().chunkSize())
                .transactionManager(tm)
                .reader(exportUnitReader)
                .writer(exportUnitWriter)
                .build();
    }

    @Bean
    Step packageExportStep(JobRepository jobRepository, PlatformTransactionManager tm, ExportPackager exportPackager) {
        return new StepBuilder("package-export", jobRepository).tasklet(exportPackager, tm).build();
    }

    @Bean
    @StepScope
    ExportPlanner exportPlanner(@Value("#{jobParameters['exportId']}") Long exportId, JdbcTemplate jdbc, EdiscoveryProperties props) {
        return new ExportPlanner(exportId, format(job(jdbc, exportId)), workDir(props, exportId), jdbc);
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<Long> exportUnitReader(@Value("#{jobParameters['exportId']}") Long exportId, DataSource dataSource,
                                                EdiscoveryProperties props) throws Exception {
        return new JdbcPagingItemReaderBuilder<Long>()
                .name("exportUnits")
                .dataSource(dataSource)
                .selectClause("SELECT unit_no")
                .fromClause("FROM export_unit")
                .whereClause("WHERE export_id = :exportId")
                .sortKeys(Map.of("unit_no", Order.ASCENDING))
                .parameterValues(Map.of("exportId", exportId))
                .pageSize(props.export().chunkSize())
                .rowMapper((rs, n) -> rs.getLong(1))
                .build();
    }

    @Bean
    @StepScope
    ExportUnitWriter exportUnitWriter(@Value("#{jobParameters['exportId']}") Long exportId, JdbcTemplate jdbc,
                                      NamedParameterJdbcTemplate named, EdiscoveryProperties props, ExportItems items,
                                      EmlMessages eml, RsmfFiles rsmf, DatFiles dat) {
        return new ExportUnitWriter(exportId, format(job(jdbc, exportId)), workDir(props, exportId), items, eml, rsmf, dat, named);
    }

    @Bean
    @StepScope
    ExportPackager exportPackager(@Value("#{jobParameters['exportId']}") Long exportId, JdbcTemplate jdbc, JsonMapper json,
                                  EdiscoveryProperties props, DatFiles dat, EdiscoveryActivity activity) {
        return new ExportPackager(exportId, format(job(jdbc, exportId)), exportDir(props, exportId),
                props.export().keepWorkFiles(), props.export().zipLevel(), jdbc, json, dat, activity);
    }

    static Path exportDir(EdiscoveryProperties props, long exportId) {
        return Path.of(props.export().directory()).toAbsolutePath().resolve(String.valueOf(exportId));
    }

    static Path workDir(EdiscoveryProperties props, long exportId) {
        return exportDir(props, exportId).resolve("work");
    }

    private static Map<String, Object> job(JdbcTemplate jdbc, long exportId) {
        return jdbc.queryForMap("SELECT format FROM export_job WHERE id = ?", exportId);
    }

    private static ExportFormat format(Map<String, Object> job) {
        return ExportFormat.parse((String) job.get("format"));
    }

    /** Mirrors the execution in {@code export_job}: RUNNING while it runs, FAILED with the reason if it ends otherwise. */
    static final class ExportStatusListener implements JobExecutionListener {

        private final JdbcTemplate jdbc;

        ExportStatusListener(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            jdbc.update("UPDATE export_job SET status = 'RUNNING', job_execution_id = ?, message = NULL WHERE id = ?",
                    execution.getId(), execution.getJobParameters().getLong("exportId"));
        }

        @Override
        public void afterJob(JobExecution execution) {
            if (execution.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
                return;
            }
            String reason = execution.getExitStatus().getExitDescription();
            if (reason == null || reason.isBlank()) {
                reason = execution.getStatus().toString();
            }
            jdbc.update("UPDATE export_job SET status = 'FAILED', message = ?, completed_at = ? WHERE id = ?",
                    reason.length() > 2000 ? reason.substring(0, 2000) : reason, Utc.now(),
                    execution.getJobParameters().getLong("exportId"));
        }
    }
}

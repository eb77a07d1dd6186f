package io.custodia.ediscovery.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.ediscovery.Cases;
import io.custodia.ediscovery.EdiscoveryActivity;
import io.custodia.ediscovery.NotFoundException;
import io.custodia.ediscovery.Times;
import io.custodia.support.Utc;

/** Starts, reports on, restarts and hands out exports; every start and download is audited. */
@Component
public class Exports {

    private static final Logger log = LoggerFactory.getLogger(Exports.class);

    private final JdbcTemplate jdbc;
    private final Cases cases;
    private final EdiscoveryActivity activity;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job exportJob;
    private final TransactionTemplate tx;

    public Exports(JdbcTemplate jdbc, Cases cases, EdiscoveryActivity activity, JobOperator jobOperator,
                   JobRepository jobRepository, @Qualifier("ediscoveryExportJob") Job exportJob,
                   PlatformTransactionManager transactionManager) {
        this.tx = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.cases = cases;
        this.activity = activity;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.exportJob = exportJob;
    }

    /** Records the export (with its audit record and event) and starts its job once that is committed. */
    public long start(long caseId, long searchId, String formatName, Authentication user) {
        long id = tx.execute(s -> record(caseId, searchId, formatName, user));
        launch(id); // outside any transaction: the JobRepository starts its own
        return id;
    }

    private long record(long caseId, long searchId, String formatName, Authentication user) {
        cases.requireVisible(caseId, user);
        ExportFormat format = ExportFormat.parse(formatName);
        Long items = jdbc.query("SELECT item_count FROM case_search WHERE id = ? AND case_id = ?",
                rs -> rs.next() ? rs.getLong(1) : null, searchId, caseId);
        if (items == null) {
            throw new NotFoundException("search " + searchId + " in case " + caseId);
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    INSERT INTO export_job (case_id, search_id, format, status, items, created_by, created_at)
                    VALUES (?, ?, ?, 'STARTING', ?, ?, ?)""", new String[]{"id"});
            ps.setLong(1, caseId);
            ps.setLong(2, searchId);
            ps.setString(3, format.id());
            ps.setLong(4, items);
            ps.setString(5, user.getName());
            ps.setObject(6, Utc.now());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        activity.auditAndPublish("ExportStarted", "export.started", String.valueOf(id), "info", user.getName(), "export:" + id,
                Map.of("caseId", caseId, "searchId", searchId, "exportId", id, "format", format.id(), "items", items));
        return id;
    }

    /** Status and progress; {@code download} once the package is ready. */
    public Map<String, Object> status(long exportId, Authentication user) {
        Map<String, Object> row = row(exportId, user);
        Map<String, Object> progress = jdbc.queryForMap("""
                SELECT SUM(status = 'EXPORTED') AS exported, SUM(status = 'FAILED') AS failed FROM export_item WHERE export_id = ?""",
                exportId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", exportId);
        out.put("caseId", row.get("case_id"));
        out.put("searchId", row.get("search_id"));
        out.put("format", row.get("format"));
        out.put("status", row.get("status"));
        out.put("items", row.get("items"));
        out.put("itemsExported", num(progress.get("exported")));
        out.put("itemsFailed", num(progress.get("failed")));
        out.put("units", row.get("units"));
        out.put("errors", row.get("errors"));
        boolean done = "COMPLETED".equals(row.get("status"));
        out.put("download", done ? "/api/v1/exports/" + exportId + "/download" : null);
        out.put("packageSize", row.get("package_size"));
        out.put("packageSha256", row.get("package_sha256"));
        out.put("jobExecutionId", row.get("job_execution_id"));
        out.put("message", row.get("message"));
        out.put("createdBy", row.get("created_by"));
        out.put("createdAt", Times.iso(row.get("created_at")));
        out.put("completedAt", Times.iso(row.get("completed_at")));
        return out;
    }

    public List<Map<String, Object>> list(long caseId, Authentication user) {
        cases.requireVisible(caseId, user);
        return jdbc.queryForList("SELECT id FROM export_job WHERE case_id = ? ORDER BY id", Long.class, caseId).stream()
                .map(id -> status(id, user)).toList();
    }

    /** The package of a completed export; the download is audited. */
    @Transactional
    public Path download(long exportId, Authentication user) {
        Map<String, Object> row = row(exportId, user);
        if (!"COMPLETED".equals(row.get("status"))) {
            throw new IllegalStateException("export " + exportId + " is " + row.get("status") + ", not COMPLETED");
        }
        Path zip = Path.of((String) row.get("package_path"));
        if (!Files.isRegularFile(zip)) {
            throw new NotFoundException("package of export " + exportId + " (" + zip + ")");
        }
        activity.audit("ExportDownloaded", user.getName(), "export:" + exportId, Map.of("caseId", row.get("case_id"),
                "exportId", exportId, "packageSha256", String.valueOf(row.get("package_sha256"))));
        return zip;
    }

    /** Restarts a FAILED export from its last committed chunk. */
    public long restart(long exportId, Authentication user) throws Exception {
        Map<String, Object> row = row(exportId, user);
        if (!"FAILED".equals(row.get("status")) || row.get("job_execution_id") == null) {
            throw new IllegalStateException("only a FAILED export can be restarted; export " + exportId + " is " + row.get("status"));
        }
        JobExecution failed = jobRepository.getJobExecution(((Number) row.get("job_execution_id")).longValue());
        JobExecution restarted = jobOperator.restart(failed);
        activity.audit("ExportRestarted", user.getName(), "export:" + exportId, Map.of("exportId", exportId,
                "jobExecutionId", restarted.getId()));
        return restarted.getId();
    }

    void launch(long exportId) {
        try {
            JobExecution e = jobOperator.start(exportJob, new JobParametersBuilder().addLong("exportId", exportId).toJobParameters());
            log.info("Export {} started as job execution {}", exportId, e.getId());
        } catch (Exception e) {
            log.error("Export {} could not be started: {}", exportId, e.toString());
            jdbc.update("UPDATE export_job SET status = 'FAILED', message = ? WHERE id = ?", "not started: " + e, exportId);
        }
    }

    private Map<String, Object> row(long exportId, Authentication user) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM export_job WHERE id = ?", exportId);
        if (rows.isEmpty()) {
            throw new NotFoundException("export " + exportId);
        }
        long caseId = ((Number) rows.get(0).get("case_id")).longValue();
        try {
            cases.requireVisible(caseId, user);
        } catch (NotFoundException e) {
            throw new NotFoundException("export " + exportId);
        }
        return rows.get(0);
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}

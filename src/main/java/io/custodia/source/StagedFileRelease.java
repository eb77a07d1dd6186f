package io.custodia.source;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.support.Utc;

/**
 * Releases the raw JSONL of staged log files that were ingested more than {@code custodia.staging.keep-ingested}
 * ago: their bodies hold every prompt and response again, which retention disposes of in the mailbox but would
 * otherwise never leave the staging table. A released file keeps its row (status {@code RELEASED}, empty body,
 * {@code released_at}), so collection still recognises it by id and never stages it again; an ingest run over
 * a range that holds released files reads no lines of them (and logs it). Files not ingested yet ({@code READY})
 * are never released.
 * Runs from {@code routes/staging-release.yaml}; one statement per batch, each committed on its own, so a pass
 * holds no long transaction and an interrupted pass simply continues at the next. A pass that released files
 * writes one audit record ({@code StagedFilesReleased}: how many, the cut-off, the setting).
 */
@Component("stagedFileRelease")
public class StagedFileRelease {

    private static final Logger log = LoggerFactory.getLogger(StagedFileRelease.class);

    private final JdbcTemplate jdbc;
    private final StagingProperties props;
    private final AuditLog auditLog;
    private final AuditRecords auditRecords;

    public StagedFileRelease(JdbcTemplate jdbc, StagingProperties props, AuditLog auditLog, AuditRecords auditRecords) {
        this.jdbc = jdbc;
        this.props = props;
        this.auditLog = auditLog;
        this.auditRecords = auditRecords;
    }

    /** Releases every file ingested before now minus {@code keep-ingested}; returns how many. */
    public int release() {
        return releaseIngestedBefore(Instant.now().minus(props.keepIngested()));
    }

    /** Releases every file ingested before {@code cutoff}; returns how many. */
    public int releaseIngestedBefore(Instant cutoff) {
        var before = Utc.toDb(cutoff);
        int total = 0;
        int n;
        do {
            n = jdbc.update("""
                    UPDATE staged_log_file SET status = 'RELEASED', body = '', body_encoding = 'identity', released_at = ?
                    WHERE status = 'INGESTED' AND ingested_at < ?
                    ORDER BY ingested_at LIMIT ?""", Utc.now(), before, props.releaseBatchSize());
            total += n;
        } while (n == props.releaseBatchSize());
        if (total > 0) {
            log.info("Released the raw JSONL of {} staged log files ingested before {} (custodia.staging.keep-ingested {})",
                    total, cutoff, props.keepIngested());
            // removing raw copies of content is recorded like a disposal: when, how many, under which setting
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("files", total);
            details.put("ingestedBefore", cutoff.toString());
            details.put("keepIngested", props.keepIngested().toString());
            auditLog.append(List.of(auditRecords.adminAction("staging-release:" + UUID.randomUUID(),
                    AuditRecords.CUSTODIA_ADMIN, "StagedFilesReleased", "custodia", AuditRecords.USER_TYPE_SYSTEM,
                    "staged_log_file", "Succeeded", null, details)));
        }
        return total;
    }
}

package io.custodia.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;

/**
 * Processes a quarantined staged line again, the way the ingest job would have: after an upgrade that handles
 * what an earlier version refused, or after a record was quarantined for a reason that no longer holds. The line
 * comes from the entry's raw bytes (a staged file's raw JSONL may have been released since), goes through the
 * same {@link LogLineProcessor} and {@link IngestWriter} (idempotent by natural keys), and the entry is deleted in
 * the same transaction as the records are written, with an audit record {@code QuarantineReprocessed}. A line
 * that is still refused stays quarantined with the new reason. Entries of collection (listing pages, files that
 * failed their hash) are not lines: the next poll fetches those again.
 */
@Component
public class QuarantineReprocessor {

    private static final Logger log = LoggerFactory.getLogger(QuarantineReprocessor.class);

    /** What became of one entry: processed, refused again (the entry keeps the new reason), or an error (kept as it was). */
    public enum Result { REPROCESSED, STILL_REFUSED, FAILED }

    /** The outcome for one entry: its records written, or the reason it is still refused. */
    public record Outcome(long id, String reference, Result result, int items, int auditRecords, String reason) {
    }

    /** The entry does not exist (any more). */
    public static class EntryNotFound extends RuntimeException {
        EntryNotFound(long id) {
            super("no quarantine entry " + id);
        }
    }

    /** The entry is not a staged line, or too old to say where it came from. */
    public static class NotReprocessable extends RuntimeException {
        NotReprocessable(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LogLineProcessor processor;
    private final IngestWriter writer;
    private final QuarantineStore quarantine;
    private final AuditLog auditLog;
    private final AuditRecords auditRecords;

    public QuarantineReprocessor(JdbcTemplate jdbc, PlatformTransactionManager transactions, LogLineProcessor processor,
                                 IngestWriter writer, QuarantineStore quarantine, AuditLog auditLog,
                                 AuditRecords auditRecords) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.processor = processor;
        this.writer = writer;
        this.quarantine = quarantine;
        this.auditLog = auditLog;
        this.auditRecords = auditRecords;
    }

    /** Processes one entry again; {@code actor} is recorded in the audit log. */
    public Outcome reprocess(long id, String actor) {
        return tx.execute(s -> reprocessLocked(id, actor));
    }

    /**
     * Processes every ingest entry of a workspace (and stream), oldest first, each in its own transaction; entries
     * still refused stay, and an entry whose write fails (the database) is reported and kept while the others go on.
     * Returns one outcome per entry.
     */
    public List<Outcome> reprocessAll(String workspace, String stream, String actor) {
        List<Long> ids = jdbc.queryForList("""
                SELECT id FROM quarantine WHERE source = ? AND (? IS NULL OR workspace_id = ?) AND (? IS NULL OR stream = ?)
                ORDER BY id""", Long.class, QuarantineSkipListener.SOURCE, workspace, workspace, stream, stream);
        List<Outcome> outcomes = new ArrayList<>(ids.size());
        for (long id : ids) {
            try {
                outcomes.add(reprocess(id, actor));
            } catch (EntryNotFound e) {
                // reprocessed by someone else meanwhile
            } catch (NotReprocessable e) {
                outcomes.add(new Outcome(id, null, Result.STILL_REFUSED, 0, 0, e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("Quarantine entry {} could not be processed again: {}", id, e.toString());
                outcomes.add(new Outcome(id, null, Result.FAILED, 0, 0, e.toString()));
            }
        }
        return outcomes;
    }

    private Outcome reprocessLocked(long id, String actor) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT workspace_id, stream, source, reference, raw FROM quarantine WHERE id = ? FOR UPDATE", id);
        if (rows.isEmpty()) {
            throw new EntryNotFound(id);
        }
        Map<String, Object> row = rows.get(0);
        String source = (String) row.get("source");
        String reference = (String) row.get("reference");
        if (!QuarantineSkipListener.SOURCE.equals(source)) {
            throw new NotReprocessable("quarantine entry " + id + " (" + reference + ") was kept aside by '" + source
                    + "', not by ingest: only staged lines can be processed again; the next poll fetches listing pages "
                    + "and files again");
        }
        LogLine line = lineOf(id, (String) row.get("workspace_id"), (String) row.get("stream"), reference,
                (byte[]) row.get("raw"));
        IngestRecords records;
        try {
            records = processor.process(line);
        } catch (MalformedRecordException e) {
            // nothing was written: the entry stays (the same source and reference), with the reason of this attempt
            quarantine.put(line.file().workspaceId(), line.file().eventType(), source, reference, e.getMessage(),
                    line.bytes());
            return new Outcome(id, reference, Result.STILL_REFUSED, 0, 0, e.getMessage());
        }
        int items = 0;
        int audit = 0;
        if (records != null) {
            writer.write(new Chunk<>(records));
            items = records.items().size();
            audit = records.auditRecords().size();
        }
        jdbc.update("DELETE FROM quarantine WHERE id = ?", id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("entry", id);
        details.put("reference", reference);
        details.put("items", items);
        details.put("auditRecords", audit);
        auditLog.append(List.of(auditRecords.adminAction(AuditRecords.CUSTODIA_ADMIN, "QuarantineReprocessed", actor,
                reference, details)));
        log.info("Quarantined line {} processed again by {}: {} items, {} audit records", reference, actor, items, audit);
        return new Outcome(id, reference, Result.REPROCESSED, items, audit, null);
    }

    /** The entry as the line the ingest job read: reference {@code workspace/fileId#line}. */
    private LogLine lineOf(long id, String workspace, String stream, String reference, byte[] raw) {
        int hash = reference.lastIndexOf('#');
        int slash = reference.indexOf('/');
        if (raw == null || workspace == null || hash < 0 || slash < 0 || slash > hash) {
            throw new NotReprocessable("quarantine entry " + id + " (" + reference
                    + ") does not say which workspace and staged file its line came from");
        }
        String fileId = reference.substring(slash + 1, hash);
        int lineNumber;
        try {
            lineNumber = Integer.parseInt(reference.substring(hash + 1));
        } catch (NumberFormatException e) {
            throw new NotReprocessable("quarantine entry " + id + " (" + reference + ") has no line number");
        }
        if (stream == null) { // V10 gave every ingest entry whose staged file was known its stream
            throw new NotReprocessable("quarantine entry " + id + " (" + reference + ") has no stream, and its staged file is unknown");
        }
        LogLine line = LogLine.ofBytes(raw, lineNumber);
        // the processor needs the file's workspace and event type only (the staged row's id and size matter to reading)
        line.setResource(new StagedLogFileResource(0, workspace, stream, fileId, -1, jdbc));
        return line;
    }
}

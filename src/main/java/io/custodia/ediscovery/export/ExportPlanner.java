package io.custodia.ediscovery.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * First step of an export: lists what will be exported — every hit of the search as an
 * {@code export_item}, grouped into units (an item, or for RSMF a conversation-day) — and records hits
 * that are no longer in the store as errors. Runs once per export (a completed step is not repeated on
 * restart), so it starts from a clean slate.
 */
class ExportPlanner implements Tasklet {

    private final long exportId;
    private final ExportFormat format;
    private final Path root;
    private final JdbcTemplate jdbc;

    ExportPlanner(long exportId, ExportFormat format, Path root, JdbcTemplate jdbc) {
        this.exportId = exportId;
        this.format = format;
        this.root = root;
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        try {
            FileSystemUtils.deleteRecursively(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + root, e);
        }
        jdbc.update("DELETE FROM export_item WHERE export_id = ?", exportId);
        jdbc.update("DELETE FROM export_unit WHERE export_id = ?", exportId);
        jdbc.update("DELETE FROM export_error WHERE export_id = ?", exportId);
        if (format == ExportFormat.RSMF) {
            jdbc.update("""
                    INSERT INTO export_item (export_id, item_id, unit_no, status)
                    SELECT j.id, i.id, DENSE_RANK() OVER (ORDER BY i.workspace_id, i.conversation_id, DATE(i.sent_at)), 'PENDING'
                    FROM export_job j JOIN case_search_item s ON s.search_id = j.search_id JOIN mail_item i ON i.id = s.item_id
                    WHERE j.id = ?""", exportId);
            jdbc.update("""
                    INSERT INTO export_unit (export_id, unit_no, unit_key)
                    SELECT e.export_id, e.unit_no, MIN(CONCAT(i.workspace_id, '|', i.conversation_id, '|', DATE(i.sent_at)))
                    FROM export_item e JOIN mail_item i ON i.id = e.item_id WHERE e.export_id = ?
                    GROUP BY e.export_id, e.unit_no""", exportId);
        } else {
            jdbc.update("""
                    INSERT INTO export_item (export_id, item_id, unit_no, status)
                    SELECT j.id, s.item_id, s.item_id, 'PENDING'
                    FROM export_job j JOIN case_search_item s ON s.search_id = j.search_id JOIN mail_item i ON i.id = s.item_id
                    WHERE j.id = ?""", exportId);
            jdbc.update("""
                    INSERT INTO export_unit (export_id, unit_no, unit_key)
                    SELECT export_id, unit_no, CAST(item_id AS CHAR) FROM export_item WHERE export_id = ?""", exportId);
        }
        int missing = jdbc.update("""
                INSERT INTO export_error (export_id, item_id, severity, message)
                SELECT j.id, s.item_id, 'ERROR', 'item is no longer in the store (removed after the search ran)'
                FROM export_job j JOIN case_search_item s ON s.search_id = j.search_id LEFT JOIN mail_item i ON i.id = s.item_id
                WHERE j.id = ? AND i.id IS NULL""", exportId);
        Long units = jdbc.queryForObject("SELECT COUNT(*) FROM export_unit WHERE export_id = ?", Long.class, exportId);
        jdbc.update("UPDATE export_job SET units = ? WHERE id = ?", units, exportId);
        contribution.incrementWriteCount(units.intValue());
        if (missing > 0) {
            contribution.incrementFilterCount(missing);
        }
        return RepeatStatus.FINISHED;
    }
}

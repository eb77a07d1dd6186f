package io.custodia.ediscovery.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import io.custodia.ediscovery.EdiscoveryActivity;
import io.custodia.ediscovery.Times;
import io.custodia.support.Utc;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Last step of an export: writes the reports — {@code Results.csv} (one row per item: where it is in the
 * package and the SHA-256 of that file), {@code Errors.csv}, {@code ExportSummary.json}, the DAT load file
 * for that format — then {@code manifest.json} (every file with size and SHA-256), zips the package and
 * completes the export job, with its audit record and {@code export.completed} event, in this step's
 * transaction. Everything here is rewritten from the database and the files, so a restart redoes it.
 */
class ExportPackager implements Tasklet {

    static final List<String> RESULTS_HEADER = List.of("ItemId", "WorkspaceId", "MessageId", "ConversationId", "ItemClass",
            "Kind", "Custodian", "Sender", "Recipients", "SentTime", "Subject", "Path", "SHA256", "SizeBytes", "Status");

    private final long exportId;
    private final ExportFormat format;
    private final Path dir;
    private final Path root;
    private final boolean keepWorkFiles;
    private final int zipLevel;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final DatFiles dat;
    private final EdiscoveryActivity activity;

    ExportPackager(long exportId, ExportFormat format, Path dir, boolean keepWorkFiles, int zipLevel, JdbcTemplate jdbc,
                   JsonMapper json, DatFiles dat, EdiscoveryActivity activity) {
        this.exportId = exportId;
        this.format = format;
        this.dir = dir;
        this.root = dir.resolve("work");
        this.keepWorkFiles = keepWorkFiles;
        this.zipLevel = zipLevel;
        this.jdbc = jdbc;
        this.json = json;
        this.dat = dat;
        this.activity = activity;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        Files.createDirectories(root);
        long rows = results();
        errors();
        if (format == ExportFormat.DAT) {
            loadFile();
        }
        Map<String, Object> job = jdbc.queryForMap("""
                SELECT j.case_id, c.name AS case_name, j.search_id, s.query, j.items, j.units, j.created_by, j.created_at
                FROM export_job j JOIN ediscovery_case c ON c.id = j.case_id JOIN case_search s ON s.id = j.search_id
                WHERE j.id = ?""", exportId);
        Map<String, Object> counts = jdbc.queryForMap("""
                SELECT SUM(status = 'EXPORTED') AS exported, SUM(status = 'FAILED') AS failed, COUNT(*) AS listed,
                       COUNT(DISTINCT path) AS files FROM export_item WHERE export_id = ?""", exportId);
        Map<String, Object> errorCounts = jdbc.queryForMap("""
                SELECT SUM(severity = 'ERROR') AS errors, SUM(severity = 'WARNING') AS warnings FROM export_error
                WHERE export_id = ?""", exportId);
        summary(job, counts, errorCounts);
        manifest(job);
        Path zip = dir.resolve("export-" + exportId + ".zip");
        PackageFiles.Written z = zip(zip);
        if (!keepWorkFiles) {
            FileSystemUtils.deleteRecursively(root);
        }
        long errors = num(errorCounts.get("errors"));
        jdbc.update("""
                UPDATE export_job SET status = 'COMPLETED', package_path = ?, package_size = ?, package_sha256 = ?, errors = ?,
                       completed_at = ?, message = NULL WHERE id = ?""", zip.toAbsolutePath().toString(), z.size(), z.sha256(),
                errors, Utc.now(), exportId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("caseId", job.get("case_id"));
        details.put("exportId", exportId);
        details.put("searchId", job.get("search_id"));
        details.put("format", format.id());
        details.put("items", num(counts.get("exported")));
        details.put("errors", errors);
        details.put("packageSha256", z.sha256());
        details.put("packageSize", z.size());
        activity.auditAndPublish("ExportCompleted", "export.completed", String.valueOf(exportId), "medium",
                (String) job.get("created_by"), "export:" + exportId, details);
        contribution.incrementWriteCount((int) rows);
        return RepeatStatus.FINISHED;
    }

    private long results() throws IOException {
        long[] n = {0};
        try (Writer out = writer(root.resolve("Results.csv"));
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(RESULTS_HEADER.toArray(String[]::new)).get())) {
            jdbc.query("""
                    SELECT e.item_id, i.workspace_id, i.message_id, i.conversation_id, i.item_class, i.kind, m.email, i.sender,
                           i.recipients, i.sent_at, i.subject, e.path, e.sha256, e.size_bytes, e.status
                    FROM export_item e JOIN mail_item i ON i.id = e.item_id JOIN mailbox m ON m.id = i.mailbox_id
                    WHERE e.export_id = ? ORDER BY e.item_id""", rs -> {
                try {
                    csv.printRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            Utc.fromDb(rs.getObject(10, LocalDateTime.class)).toString(), rs.getString(11), rs.getString(12),
                            rs.getString(13), rs.getObject(14), rs.getString(15));
                    n[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, exportId);
        }
        return n[0];
    }

    private void errors() throws IOException {
        try (Writer out = writer(root.resolve("Errors.csv"));
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader("Severity", "ItemId", "Message").get())) {
            jdbc.query("SELECT severity, item_id, message FROM export_error WHERE export_id = ? ORDER BY id", rs -> {
                try {
                    csv.printRecord(rs.getString(1), rs.getObject(2), rs.getString(3));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, exportId);
        }
    }

    /** Header plus the parts the chunks wrote, in unit order; UTF-8 with a BOM. */
    private void loadFile() throws IOException {
        Path parts = root.resolve(ExportUnitWriter.DAT_PARTS);
        try (OutputStream raw = Files.newOutputStream(root.resolve(DatFiles.LOAD_FILE))) {
            raw.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            Writer header = new OutputStreamWriter(raw, StandardCharsets.UTF_8);
            dat.header(header);
            header.flush();
            if (Files.isDirectory(parts)) {
                try (Stream<Path> files = Files.list(parts)) {
                    for (Path p : files.sorted().toList()) {
                        Files.copy(p, raw);
                    }
                }
            }
        }
        FileSystemUtils.deleteRecursively(parts);
    }

    private void summary(Map<String, Object> job, Map<String, Object> counts, Map<String, Object> errorCounts) throws IOException {
        ObjectNode s = json.createObjectNode();
        s.put("generator", "Custodia");
        s.put("exportId", exportId);
        s.put("caseId", num(job.get("case_id")));
        s.put("caseName", (String) job.get("case_name"));
        s.put("searchId", num(job.get("search_id")));
        s.put("query", (String) job.get("query"));
        s.put("format", format.id());
        s.put("createdBy", (String) job.get("created_by"));
        s.put("createdAt", Times.iso(job.get("created_at")));
        s.put("packagedAt", Instant.now().toString());
        s.put("searchHits", num(job.get("items")));
        s.put("itemsListed", num(counts.get("listed")));
        s.put("itemsExported", num(counts.get("exported")));
        s.put("itemsFailed", num(counts.get("failed")));
        s.put("units", num(job.get("units")));
        s.put("itemFiles", num(counts.get("files")));
        s.put("errors", num(errorCounts.get("errors")));
        s.put("warnings", num(errorCounts.get("warnings")));
        s.put("results", "Results.csv");
        s.put("errorsFile", "Errors.csv");
        s.put("manifest", "manifest.json");
        if (format == ExportFormat.DAT) {
            s.put("loadFile", DatFiles.LOAD_FILE);
        }
        Files.write(root.resolve("ExportSummary.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
    }

    /** Every file of the package but the manifest itself, with size and SHA-256 as read back from disk. */
    private void manifest(Map<String, Object> job) throws IOException {
        ObjectNode m = json.createObjectNode();
        m.put("generator", "Custodia");
        m.put("exportId", exportId);
        m.put("caseId", num(job.get("case_id")));
        m.put("format", format.id());
        m.put("hashAlgorithm", "SHA-256");
        ArrayNode files = m.putArray("files");
        for (Path p : packageFiles()) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (rel.equals("manifest.json")) {
                continue;
            }
            var digest = PackageFiles.sha256();
            long size = 0;
            try (InputStream in = Files.newInputStream(p)) {
                byte[] buf = new byte[65536];
                for (int r; (r = in.read(buf)) > 0; ) {
                    digest.update(buf, 0, r);
                    size += r;
                }
            }
            files.addObject().put("path", rel).put("size", size).put("sha256", java.util.HexFormat.of().formatHex(digest.digest()));
        }
        Files.write(root.resolve("manifest.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    }

    private PackageFiles.Written zip(Path zip) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        PackageFiles.Written written = PackageFiles.write(dir, tmp.getFileName().toString(), out -> {
            ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8);
            z.setLevel(zipLevel);
            for (Path p : packageFiles()) {
                ZipEntry e = new ZipEntry(root.relativize(p).toString().replace('\\', '/'));
                e.setLastModifiedTime(Files.getLastModifiedTime(p));
                z.putNextEntry(e);
                Files.copy(p, z);
                z.closeEntry();
            }
            z.finish();
        });
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new PackageFiles.Written(zip.toString(), written.size(), written.sha256());
    }

    private List<Path> packageFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
    }

    private static Writer writer(Path p) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(p), StandardCharsets.UTF_8));
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}

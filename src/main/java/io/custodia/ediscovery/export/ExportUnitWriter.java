package io.custodia.ediscovery.export;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Writes the files of a chunk of export units and records, in the chunk's transaction, where each
 * item went and the SHA-256 of that file. Files are written at fixed paths, so a restarted chunk simply
 * writes them again. An item that cannot be rendered is recorded as FAILED with the reason (and listed
 * in Errors.csv); the export goes on.
 */
class ExportUnitWriter implements ItemWriter<Long> {

    private static final Logger log = LoggerFactory.getLogger(ExportUnitWriter.class);
    static final String DAT_PARTS = ".dat-parts";

    private final long exportId;
    private final ExportFormat format;
    private final Path root;
    private final ExportItems items;
    private final EmlMessages eml;
    private final RsmfFiles rsmf;
    private final DatFiles dat;
    private final NamedParameterJdbcTemplate jdbc;

    ExportUnitWriter(long exportId, ExportFormat format, Path root, ExportItems items, EmlMessages eml, RsmfFiles rsmf,
                     DatFiles dat, NamedParameterJdbcTemplate jdbc) {
        this.exportId = exportId;
        this.format = format;
        this.root = root;
        this.items = items;
        this.eml = eml;
        this.rsmf = rsmf;
        this.dat = dat;
        this.jdbc = jdbc;
    }

    private record Outcome(long itemId, String path, String sha256, Long size, String status, String message) {
    }

    @Override
    public void write(Chunk<? extends Long> chunk) {
        List<Long> unitNos = new ArrayList<>(chunk.getItems());
        Map<Long, List<ExportItem>> units = items.load(exportId, unitNos);
        List<Outcome> outcomes = new ArrayList<>();
        List<Object[]> warnings = new ArrayList<>();
        List<List<String>> datRows = new ArrayList<>();
        for (List<ExportItem> unit : units.values()) {
            if (format == ExportFormat.RSMF) {
                List<String> w = new ArrayList<>();
                try {
                    PackageFiles.Written f = PackageFiles.write(root, RsmfFiles.path(unit), out -> rsmf.write(unit, out, w));
                    unit.forEach(i -> outcomes.add(new Outcome(i.id(), f.path(), f.sha256(), f.size(), "EXPORTED", null)));
                } catch (RuntimeException e) {
                    unit.forEach(i -> outcomes.add(failed(i, e)));
                }
                w.forEach(m -> warnings.add(new Object[]{unit.get(0).id(), m}));
                continue;
            }
            for (ExportItem item : unit) {
                List<String> w = new ArrayList<>();
                try {
                    if (format == ExportFormat.EML) {
                        PackageFiles.Written f = PackageFiles.write(root, emlPath(item), out -> eml.write(item, out, w));
                        outcomes.add(new Outcome(item.id(), f.path(), f.sha256(), f.size(), "EXPORTED", null));
                    } else {
                        DatFiles.Rendered r = dat.write(root, item, w);
                        datRows.addAll(r.rows());
                        outcomes.add(new Outcome(item.id(), r.nativeFile().path(), r.nativeFile().sha256(), r.nativeFile().size(),
                                "EXPORTED", null));
                    }
                } catch (RuntimeException e) {
                    outcomes.add(failed(item, e));
                }
                w.forEach(m -> warnings.add(new Object[]{item.id(), m}));
            }
        }
        if (format == ExportFormat.DAT) {
            writeDatPart(unitNos, datRows);
        }
        record(outcomes, warnings);
    }

    static String emlPath(ExportItem item) {
        return "EML/" + PackageFiles.segment(item.custodian(), 120) + "/" + PackageFiles.segment(item.conversationId(), 80) + "/"
                + item.id() + ".eml";
    }

    private static Outcome failed(ExportItem item, RuntimeException e) {
        log.warn("Export item {} could not be rendered: {}", item.id(), e.toString());
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Outcome(item.id(), null, null, null, "FAILED", message.length() > 2000 ? message.substring(0, 2000) : message);
    }

    /**
     * The load-file rows of this chunk, in a part named by its first and last unit; the package step
     * joins the parts in unit order. Parts starting at or after this chunk's first unit come from an
     * attempt that did not commit (units are written in order), so they are removed first.
     */
    private void writeDatPart(List<Long> unitNos, List<List<String>> rows) {
        long first = unitNos.get(0);
        long last = unitNos.get(unitNos.size() - 1);
        Path parts = root.resolve(DAT_PARTS);
        try {
            Files.createDirectories(parts);
            try (Stream<Path> stale = Files.list(parts)) {
                for (Path p : stale.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".part") && Long.parseLong(name.substring(0, name.indexOf('-'))) >= first) {
                        Files.delete(p);
                    }
                }
            }
            Path part = parts.resolve(String.format("%015d-%015d.part", first, last));
            try (Writer out = new OutputStreamWriter(Files.newOutputStream(part), StandardCharsets.UTF_8)) {
                dat.print(out, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write load-file part in " + parts, e);
        }
    }

    private void record(List<Outcome> outcomes, List<Object[]> warnings) {
        jdbc.batchUpdate("""
                UPDATE export_item SET path = :path, sha256 = :sha, size_bytes = :size, status = :status, message = :message
                WHERE export_id = :exportId AND item_id = :itemId""", outcomes.stream().map(o -> new MapSqlParameterSource()
                .addValue("path", o.path()).addValue("sha", o.sha256()).addValue("size", o.size()).addValue("status", o.status())
                .addValue("message", o.message()).addValue("exportId", exportId).addValue("itemId", o.itemId()))
                .toArray(SqlParameterSource[]::new));
        List<SqlParameterSource> errors = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.status().equals("FAILED")) {
                errors.add(error(o.itemId(), "ERROR", "item not exported: " + o.message()));
            }
        }
        for (Object[] w : warnings) {
            errors.add(error((Long) w[0], "WARNING", (String) w[1]));
        }
        if (!errors.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO export_error (export_id, item_id, severity, message) VALUES (:exportId, :itemId, :severity, :message)",
                    errors.toArray(SqlParameterSource[]::new));
        }
    }

    private MapSqlParameterSource error(Long itemId, String severity, String message) {
        return new MapSqlParameterSource().addValue("exportId", exportId).addValue("itemId", itemId)
                .addValue("severity", severity).addValue("message", message.length() > 2000 ? message.substring(0, 2000) : message);
    }
}

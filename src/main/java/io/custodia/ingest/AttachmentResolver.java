package io.custodia.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.classify.ContentClassifier;
import io.custodia.classify.Extraction;
import io.custodia.classify.TikaTextExtractor;
import io.custodia.mailbox.Attachment;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.SensitiveInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the file references of a chunk's messages into attachments: stored native bytes, extracted text and
 * metadata, the MIP sensitivity label the file carries and the sensitive information in its text.
 * <p>
 * Extraction and classification depend only on the bytes (and the type hints), so their results are kept
 * by SHA-256 in a small LRU: the same document uploaded again (a template, a policy PDF sent by many users)
 * is parsed by Tika once, and its bytes are not even read from the database again. Timeouts are not kept
 * (they may pass under less load).
 */
@Component
public class AttachmentResolver {

    /** Distinct documents whose results are kept; texts are bounded by {@code custodia.extraction.*}. */
    static final int CACHE_ENTRIES = 256;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TikaTextExtractor extractor;
    private final JsonMapper json;
    private final ContentClassifier classifier;
    private final Map<String, Extracted> extracted = new LinkedHashMap<>(CACHE_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Extracted> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    public AttachmentResolver(JdbcTemplate jdbc, TikaTextExtractor extractor, JsonMapper json,
                              ContentClassifier classifier) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.extractor = extractor;
        this.json = json;
        this.classifier = classifier;
    }

    private record Blob(String name, String contentType, Long size, String sha256, boolean hasBody, String status,
                        String error) {
    }

    /** What extraction and classification made of one document. */
    private record Extracted(String contentType, String text, String status, String detail, String metadataJson,
                             String label, List<SensitiveInfo> sensitiveInfo) {
    }

    /**
     * A file reference of a message as the processor leaves it: what the record said (id, name, declared type),
     * resolved later with the rest of its chunk ({@link #resolve(List)}).
     */
    public static Attachment reference(String fileId, String name, String declaredType) {
        return new Attachment(fileId, name, declaredType, null, null, null, null, null, null, null);
    }

    /**
     * The items with their attachments resolved, in order: one query for the stored files of all of them (per
     * workspace), instead of one per attachment (which was 7,897 round trips in a 200k-message bench). Items
     * without file references are returned as they are; the item's sensitivity label is the highest of its
     * files'.
     */
    public List<MailboxItem> resolve(List<MailboxItem> items) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (MailboxItem item : items) {
            for (Attachment a : item.attachments()) {
                if (a.extractionStatus() == null) {
                    wanted.computeIfAbsent(item.workspaceId(), w -> new LinkedHashSet<>()).add(a.fileId());
                }
            }
        }
        if (wanted.isEmpty()) {
            return items;
        }
        Map<String, Map<String, Blob>> blobs = new HashMap<>();
        wanted.forEach((ws, fileIds) -> blobs.put(ws, blobs(ws, fileIds)));
        List<MailboxItem> resolved = new ArrayList<>(items.size());
        for (MailboxItem item : items) {
            if (item.attachments().isEmpty()) {
                resolved.add(item);
                continue;
            }
            Map<String, Blob> stored = blobs.getOrDefault(item.workspaceId(), Map.of());
            List<Attachment> files = new ArrayList<>(item.attachments().size());
            for (Attachment a : item.attachments()) {
                files.add(a.extractionStatus() != null ? a
                        : resolve(item.workspaceId(), a.fileId(), a.name(), a.contentType(), stored.get(a.fileId())));
            }
            resolved.add(item.withAttachments(files,
                    classifier.highestLabel(files.stream().map(Attachment::sensitivityLabel).toList())));
        }
        return resolved;
    }

    /** The stored files among {@code fileIds}, by id (one query, like the store's other per-chunk look-ups). */
    private Map<String, Blob> blobs(String workspaceId, Set<String> fileIds) {
        Map<String, Blob> blobs = new HashMap<>();
        named.query("""
                SELECT file_id, name, content_type, size_bytes, sha256, body IS NOT NULL, status, error FROM file_blob
                WHERE workspace_id = :ws AND file_id IN (:ids)""",
                new MapSqlParameterSource("ws", workspaceId).addValue("ids", fileIds), rs -> {
                    blobs.put(rs.getString(1), new Blob(rs.getString(2), rs.getString(3),
                            (Long) rs.getObject(4, Long.class), rs.getString(5), rs.getBoolean(6), rs.getString(7),
                            rs.getString(8)));
                });
        return blobs;
    }

    private Attachment resolve(String workspaceId, String fileId, String name, String declaredType, Blob blob) {
        String fileName = name != null ? name : blob != null ? blob.name() : fileId;
        String type = declaredType != null ? declaredType : blob != null ? blob.contentType() : null;
        if (blob == null) {
            return new Attachment(fileId, fileName, type, null, null, null, Extraction.UNAVAILABLE,
                    "the file was not collected from the Compliance API", null, null);
        }
        if (!blob.hasBody()) {
            return new Attachment(fileId, fileName, type, null, null, null, Extraction.UNAVAILABLE,
                    blob.error() == null ? blob.status() : blob.error(), null, null);
        }
        // the hints Tika may use besides the bytes: the declared type and the file name's extension
        String key = blob.sha256() + "|" + type + "|" + extension(fileName);
        Extracted x;
        synchronized (extracted) {
            x = blob.sha256() == null ? null : extracted.get(key);
        }
        if (x == null) {
            x = extract(workspaceId, fileId, fileName, type);
            if (blob.sha256() != null && !Extraction.TIMEOUT.equals(x.status())) {
                synchronized (extracted) {
                    extracted.put(key, x);
                }
            }
        }
        return new Attachment(fileId, fileName, type != null ? type : x.contentType(), blob.size(), blob.sha256(),
                x.text(), x.status(), x.detail(), x.metadataJson(), x.label(), x.sensitiveInfo());
    }

    private Extracted extract(String workspaceId, String fileId, String fileName, String type) {
        byte[] body = jdbc.query("SELECT body FROM file_blob WHERE workspace_id = ? AND file_id = ?",
                rs -> rs.next() ? rs.getBytes(1) : null, workspaceId, fileId);
        Extraction x = extractor.extract(body, fileName, type);
        Map<String, String> meta = x.metadata();
        return new Extracted(x.contentType(), x.text(), x.status(), x.detail(),
                meta == null || meta.isEmpty() ? null : json.writeValueAsString(meta), classifier.label(meta),
                MessageNormalizer.sensitiveInfo(classifier.matches(x.text())));
    }

    private static String extension(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}

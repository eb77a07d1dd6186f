package io.custodia.ingest;

import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.classify.ContentClassifier;
import io.custodia.classify.Extraction;
import io.custodia.classify.TikaTextExtractor;
import io.custodia.mailbox.Attachment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a file reference of a message into an attachment: stored native bytes, extracted text and
 * metadata, the MIP sensitivity label the file carries and the sensitive information in its text.
 */
@Component
public class AttachmentResolver {

    private final JdbcTemplate jdbc;
    private final TikaTextExtractor extractor;
    private final JsonMapper json;
    private final ContentClassifier classifier;

    public AttachmentResolver(JdbcTemplate jdbc, TikaTextExtractor extractor, JsonMapper json,
                              ContentClassifier classifier) {
        this.jdbc = jdbc;
        this.extractor = extractor;
        this.json = json;
        this.classifier = classifier;
    }

    private record Blob(String name, String contentType, Long size, String sha256, byte[] body, String status,
                        String error) {
    }

    public Attachment resolve(String workspaceId, String fileId, String name, String declaredType) {
        Blob blob = jdbc.query("""
                SELECT name, content_type, size_bytes, sha256, body, status, error FROM file_blob
                WHERE workspace_id = ? AND file_id = ?""", rs -> rs.next()
                ? new Blob(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class), rs.getString(4),
                        rs.getBytes(5), rs.getString(6), rs.getString(7))
                : null, workspaceId, fileId);
        String fileName = name != null ? name : blob != null ? blob.name() : fileId;
        String type = declaredType != null ? declaredType : blob != null ? blob.contentType() : null;
        if (blob == null) {
            return new Attachment(fileId, fileName, type, null, null, null, Extraction.UNAVAILABLE,
                    "the file was not collected from the Compliance API", null, null);
        }
        if (blob.body() == null) {
            return new Attachment(fileId, fileName, type, null, null, null, Extraction.UNAVAILABLE,
                    blob.error() == null ? blob.status() : blob.error(), null, null);
        }
        Extraction x = extractor.extract(blob.body(), fileName, type);
        Map<String, String> meta = x.metadata();
        return new Attachment(fileId, fileName, type != null ? type : x.contentType(), blob.size(), blob.sha256(),
                x.text(), x.status(), x.detail(), meta == null || meta.isEmpty() ? null : json.writeValueAsString(meta),
                classifier.label(meta), MessageNormalizer.sensitiveInfo(classifier.matches(x.text())));
    }
}

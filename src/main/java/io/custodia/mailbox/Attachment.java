package io.custodia.mailbox;

import java.util.List;

/**
 * A file uploaded with a prompt: what the source said about it, its native bytes' hash, what text
 * extraction made of it, its sensitivity label and the sensitive information types in its text.
 */
public record Attachment(String fileId, String name, String contentType, Long sizeBytes, String sha256,
                         String extractedText, String extractionStatus, String extractionDetail, String metadataJson,
                         String sensitivityLabel, List<SensitiveInfo> sensitiveInfo) {

    public Attachment {
        sensitiveInfo = sensitiveInfo == null ? List.of() : sensitiveInfo;
    }

    /** An attachment not classified (yet). */
    public Attachment(String fileId, String name, String contentType, Long sizeBytes, String sha256,
                      String extractedText, String extractionStatus, String extractionDetail, String metadataJson,
                      String sensitivityLabel) {
        this(fileId, name, contentType, sizeBytes, sha256, extractedText, extractionStatus, extractionDetail,
                metadataJson, sensitivityLabel, List.of());
    }
}

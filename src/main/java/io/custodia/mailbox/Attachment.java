package io.custodia.mailbox;

/**
 * A file uploaded with a prompt: what the source said about it, its native bytes' hash, and what text
 * extraction made of it.
 */
public record Attachment(String fileId, String name, String contentType, Long sizeBytes, String sha256,
                         String extractedText, String extractionStatus, String extractionDetail, String metadataJson,
                         String sensitivityLabel) {
}

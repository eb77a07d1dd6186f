package io.custodia.ediscovery.export;

import java.time.Instant;
import java.util.List;

/** A mailbox item as the export writers need it: metadata, text and attachments with their natives. */
record ExportItem(long unitNo, long id, String workspaceId, String messageId, String custodian, String userId,
                  String conversationId, String conversationTitle, String parentId, String kind, String itemClass,
                  String sender, String recipients, String subject, String body, String bodySha256, long sizeBytes,
                  Instant sentAt, String clientType, String model, String gptId, String gptName, String projectId,
                  String projectName, String sensitivityLabel, List<Attachment> attachments) {

    /**
     * An uploaded file of the item.
     *
     * @param nativeBytes the file as uploaded, or null when the hub could not fetch it (then the text is exported)
     */
    record Attachment(String fileId, String name, String contentType, Long sizeBytes, String sha256, String extractedText,
                      String extractionStatus, String sensitivityLabel, byte[] nativeBytes) {
    }

    boolean prompt() {
        return "prompt".equals(kind);
    }
}

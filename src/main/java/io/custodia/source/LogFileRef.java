package io.custodia.source;

import java.time.Instant;

/** One entry of a Logs Platform listing page. */
public record LogFileRef(String id, String eventType, Instant endTime, String fileName, long fileSize,
                         String sha256) {
}

package io.custodia.feeds;

import java.time.Instant;
import java.util.List;

/**
 * What operators see of a feed ({@code GET /api/v1/feeds}).
 *
 * @param cursor       the outbox {@code seq} the feed has passed
 * @param backlog      outbox events after the cursor (all types, before the feed's filters)
 * @param gaps         missing {@code seq}s below the cursor still being watched
 * @param deadLetters  dead letters not replayed yet
 */
public record FeedStatus(String name, String type, String format, String url, List<String> events, String minSeverity,
                         List<String> workspaces, boolean enabled, boolean includeContent, long cursor, long backlog,
                         long gaps, long delivered, long retried, long deadLettered, long deadLetters, String lastError,
                         Instant lastErrorAt, Instant lastDeliveryAt, String owner) {
}

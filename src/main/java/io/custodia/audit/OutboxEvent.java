package io.custodia.audit;

import java.time.Instant;

/**
 * An event for downstream systems.
 *
 * @param id         stable id (the same cause always gives the same id), for idempotent receivers
 * @param type       e.g. {@code interaction.captured}, {@code sensitive.detected}, {@code hold.created}
 * @param severity   {@code info}, {@code low}, {@code medium}, {@code high} or {@code critical}
 * @param payload    the event as JSON (Custodia's own format; feeds render OCSF, CEF … from it)
 */
public record OutboxEvent(String id, String type, String severity, Instant occurredAt, String workspaceId,
                          Long mailboxId, String custodian, String payload) {
}

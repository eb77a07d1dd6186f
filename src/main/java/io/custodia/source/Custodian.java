package io.custodia.source;

import java.time.Instant;

/** A workspace user as listed by the users endpoint: the custodian of a mailbox. */
public record Custodian(String workspaceId, String userId, String email, String name, String role, String status,
                        Instant createdAt) {
}

package io.custodia.audit;

import java.util.List;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.BatchStatements;
import io.custodia.support.Utc;

/**
 * The transactional outbox: call it inside the transaction that makes the change, so the event exists
 * exactly when the change does. Feed routes read it in {@code seq} order.
 */
@Component
public class Outbox {

    /** Plain INSERT (bulk protocol); with ON DUPLICATE KEY UPDATE appended, the idempotent retry (BatchStatements.insertOrKeep). */
    private static final String INSERT_EVENT = """
            INSERT INTO outbox_event (id, event_type, severity, occurred_at, workspace_id, mailbox_id, custodian,
                                      payload, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public Outbox(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void publish(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        var now = Utc.now();
        BatchStatements.insertOrKeep(jdbc.getJdbcOperations(), INSERT_EVENT, INSERT_EVENT + "ON DUPLICATE KEY UPDATE id = id",
                events.stream().map(e -> new Object[]{e.id(), e.type(), e.severity(), Utc.toDb(e.occurredAt()),
                        e.workspaceId(), e.mailboxId(), e.custodian(), e.payload(), now}).toList());
    }

    public void publish(OutboxEvent event) {
        publish(List.of(event));
    }
}

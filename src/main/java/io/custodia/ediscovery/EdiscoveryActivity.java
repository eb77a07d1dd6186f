package io.custodia.ediscovery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecords;
import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what an eDiscovery action leaves behind: an audit record (RecordType 24, Discovery) and, for
 * actions worth routing, an outbox event. Call it inside the transaction of the action itself.
 */
@Component
public class EdiscoveryActivity {

    private final AuditRecords records;
    private final AuditLog auditLog;
    private final Outbox outbox;
    private final JsonMapper json;

    public EdiscoveryActivity(AuditRecords records, AuditLog auditLog, Outbox outbox, JsonMapper json) {
        this.records = records;
        this.auditLog = auditLog;
        this.outbox = outbox;
        this.json = json;
    }

    /** An audit record only. */
    public void audit(String operation, String user, String objectId, Map<String, ?> details) {
        auditLog.append(records.adminAction(AuditRecords.DISCOVERY, operation, user, objectId, details));
    }

    /**
     * An audit record and an outbox event.
     *
     * @param eventType e.g. {@code search.run}
     * @param eventKey  what makes the event unique (its id is a name-based UUID of type and key)
     */
    public void auditAndPublish(String operation, String eventType, String eventKey, String severity, String user,
                                String objectId, Map<String, ?> details) {
        audit(operation, user, objectId, details);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", eventType);
        payload.put("operation", operation);
        payload.put("user", user);
        payload.put("objectId", objectId);
        payload.putAll(details);
        outbox.publish(new OutboxEvent(AuditRecords.uuid(eventType + ":" + eventKey), eventType, severity, Instant.now(),
                null, null, user, json.writeValueAsString(payload)));
    }
}

package io.custodia.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecord;
import io.custodia.audit.AuditRecords;
import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit records and outbox events of retention: administrative changes (policies, labels, runs)
 * and dispositions. Callers call it inside the transaction of the change, so the record exists exactly
 * when the change does. Events follow the feeds' conventions (docs/feeds.md on main): {@code item.disposed}
 * (low) per moved or purged item, {@code policy.changed} (medium), {@code admin.action} (low).
 */
@Component
class RetentionAudit {

    static final String ITEM_MOVED = "ItemMovedToRecoverable";
    static final String ITEM_PURGED = "ItemPurged";
    static final String ITEM_RESTORED = "ItemRestored";
    static final String SOURCE_DELETED = "SourceConversationDeleted";

    private final AuditLog auditLog;
    private final AuditRecords records;
    private final Outbox outbox;
    private final JsonMapper json;

    RetentionAudit(AuditLog auditLog, AuditRecords records, Outbox outbox, JsonMapper json) {
        this.auditLog = auditLog;
        this.records = records;
        this.outbox = outbox;
        this.json = json;
    }

    /** Outbox event types (docs/feeds.md, "Event types and payload conventions"). */
    static final String POLICY_CHANGED = "policy.changed";
    static final String ADMIN_ACTION = "admin.action";
    static final String ITEM_DISPOSED = "item.disposed";

    /** What an action was done to: {@code type} ({@code retentionPolicy}, {@code retentionLabel} …), id, name. */
    record Target(String type, Object id, String name) {
        String objectId() {
            return id == null ? null : type + ":" + id;
        }
    }

    /**
     * A change made by a person through the API: an audit record, and an outbox event of type
     * {@code eventType} ({@code policy.changed}, severity medium, or {@code admin.action}, low) following
     * the feeds' payload conventions: {@code action}, {@code message}, {@code actor}, {@code object},
     * {@code auditRecordId} and the details under {@code retention}.
     */
    void adminAction(String operation, String action, String user, Target target, Map<String, ?> details, String eventType) {
        AuditRecord record = records.adminAction(AuditRecords.CUSTODIA_ADMIN, operation, user, target.objectId(), details);
        auditLog.append(record);
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("action", action);
        payload.put("message", operation + (target.id() == null ? "" : " " + target.type() + " " + target.id()
                + (target.name() == null ? "" : " '" + target.name() + "'")) + " by " + user);
        payload.put("actor", Map.of("type", "admin", "userId", user));
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        object.put("type", target.type());
        object.put("id", target.id() == null ? null : target.id().toString());
        object.put("name", target.name());
        payload.put("object", object);
        payload.put("result", "Succeeded");
        payload.put("auditRecordId", record.id());
        payload.put(POLICY_CHANGED.equals(eventType) ? "policy" : "retention", details);
        outbox.publish(new OutboxEvent(AuditRecords.uuid(eventType + ":" + record.sourceKey()), eventType,
                POLICY_CHANGED.equals(eventType) ? "medium" : "low", record.creationTime(), null, null, user,
                json.writeValueAsString(payload)));
    }

    /**
     * One record per item the job disposed of, keyed by run, stage and item (a retried chunk can never
     * record an item twice), and for moves and purges an {@code item.disposed} event.
     */
    void dispositions(String operation, String stage, Run run, List<Disposed> items) {
        if (items.isEmpty()) {
            return;
        }
        List<AuditRecord> audit = new ArrayList<>(items.size());
        List<OutboxEvent> events = new ArrayList<>(items.size());
        for (Disposed d : items) {
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("stage", stage);
            details.put("itemId", d.item().itemId());
            details.put("workspaceId", d.item().workspaceId());
            details.put("messageId", d.item().messageId());
            details.put("conversationId", d.item().conversationId());
            details.put("mailbox", d.item().email());
            details.put("rule", d.rule());
            details.put("deleteAt", d.deleteAt() == null ? null : d.deleteAt().toString());
            details.put("asOf", run.asOf().toString());
            details.put("run", run.runId());
            String key = "retention:" + run.runId() + ":" + stage + ":" + d.item().itemId();
            AuditRecord record = records.adminAction(key, AuditRecords.CUSTODIA_ADMIN, operation, run.startedBy(),
                    AuditRecords.USER_TYPE_SYSTEM, Long.toString(d.item().itemId()), "Succeeded", null, details);
            audit.add(record);
            if (!ITEM_RESTORED.equals(operation)) {
                Map<String, Object> payload = new java.util.LinkedHashMap<>();
                payload.put("action", "delete");
                payload.put("message", "Item " + d.item().itemId() + " of " + d.item().email()
                        + ("purged".equals(stage) ? " purged" : " moved to the recoverable area") + " by retention (" + d.rule() + ")");
                payload.put("actor", Map.of("type", "system", "name", "Custodia retention", "userId", run.startedBy()));
                payload.put("object", Map.of("type", "item", "id", Long.toString(d.item().itemId()), "name", d.item().messageId()));
                payload.put("result", "Succeeded");
                payload.put("auditRecordId", record.id());
                payload.put("item", details);
                events.add(new OutboxEvent(AuditRecords.uuid(ITEM_DISPOSED + ":" + key), ITEM_DISPOSED, "low",
                        record.creationTime(), d.item().workspaceId(), d.item().mailboxId(), d.item().email(),
                        json.writeValueAsString(payload)));
            }
        }
        auditLog.append(audit);
        outbox.publish(events);
    }

    /** A deletion at the source, with its outcome ({@code Succeeded} or {@code Failed}). */
    void sourceDeletion(Run run, String workspaceId, String conversationId, long mailboxId, String rule, String result,
                        String detail, int attempt) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("workspaceId", workspaceId);
        details.put("conversationId", conversationId);
        details.put("mailboxId", mailboxId);
        details.put("rule", rule);
        details.put("attempt", attempt);
        details.put("detail", detail);
        details.put("run", run.runId());
        String key = "retention:" + run.runId() + ":source:" + workspaceId + ":" + conversationId + ":" + attempt;
        auditLog.append(records.adminAction(key, AuditRecords.CUSTODIA_ADMIN, SOURCE_DELETED, run.startedBy(),
                AuditRecords.USER_TYPE_SYSTEM, conversationId, result, null, details));
    }

    /** An item, the rule that disposed of it, and whether that rule also asks for deletion at the source. */
    record Disposed(ItemFacts item, String rule, Instant deleteAt, boolean deleteAtSource) {
    }
}

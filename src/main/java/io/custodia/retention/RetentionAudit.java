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
 * when the change does.
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

    /** A change made by a person through the API; {@code event} (nullable) is also published to the outbox. */
    void adminAction(String operation, String user, String objectId, Map<String, ?> details, String event) {
        AuditRecord record = records.adminAction(AuditRecords.CUSTODIA_ADMIN, operation, user, objectId, details);
        auditLog.append(record);
        if (event != null) {
            outbox.publish(new OutboxEvent(AuditRecords.uuid("outbox:" + record.sourceKey()), event, "info",
                    record.creationTime(), null, null, user, json.writeValueAsString(Map.of(
                            "operation", operation, "user", user, "object", objectId == null ? "" : objectId,
                            "details", details))));
        }
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
                events.add(new OutboxEvent(AuditRecords.uuid("item.disposed:" + key), "item.disposed", "info",
                        record.creationTime(), d.item().workspaceId(), d.item().mailboxId(), d.item().email(),
                        json.writeValueAsString(details)));
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

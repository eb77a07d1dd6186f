package io.custodia.ingest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecord;
import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.MailboxStore;

/**
 * Writes a chunk in its transaction: mailbox items (with mailboxes, conversations, attachments — resolved here for
 * the whole chunk at once), audit records, and one {@code interaction.captured} outbox event per response — one
 * batched statement each, so the feeds see an interaction exactly when the store has it.
 */
@Component
public class IngestWriter implements ItemWriter<IngestRecords> {

    private final MailboxStore mailboxes;
    private final AuditLog auditLog;
    private final Outbox outbox;
    private final OutboxEvents events;
    private final AttachmentResolver attachments;

    public IngestWriter(MailboxStore mailboxes, AuditLog auditLog, Outbox outbox, OutboxEvents events,
                        AttachmentResolver attachments) {
        this.mailboxes = mailboxes;
        this.attachments = attachments;
        this.auditLog = auditLog;
        this.outbox = outbox;
        this.events = events;
    }

    @Override
    public void write(Chunk<? extends IngestRecords> chunk) {
        List<MailboxItem> chunkItems = new ArrayList<>(chunk.size());
        List<AuditRecord> audit = new ArrayList<>(chunk.size());
        for (IngestRecords r : chunk) {
            chunkItems.addAll(r.items());
            audit.addAll(r.auditRecords());
        }
        // the chunk's file references: their stored files in one query, Tika and classification (cached by hash)
        List<MailboxItem> items = attachments.resolve(chunkItems);
        MailboxStore.MailboxIds ids = mailboxes.prepare(items);
        auditLog.append(audit);
        List<OutboxEvent> captured = new ArrayList<>(items.size() / 2 + 1);
        for (MailboxItem item : items) {
            if (item.kind() == ItemKind.RESPONSE) {
                captured.add(events.interactionCaptured(item, ids.of(item.workspaceId(), item.userId())));
            }
        }
        outbox.publish(captured);
        // last: the FULLTEXT inserts hold the write-order lock until the commit, so parallel partitions wait
        // only for those (audit records and outbox events went in above, in parallel)
        mailboxes.writeItems(items, ids);
    }
}

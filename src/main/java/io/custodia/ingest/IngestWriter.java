package io.custodia.ingest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.stereotype.Component;

import io.custodia.audit.AuditLog;
import io.custodia.audit.AuditRecord;
import io.custodia.mailbox.MailboxItem;
import io.custodia.mailbox.MailboxStore;

/** Writes a chunk in its transaction: mailbox items (with mailboxes, conversations, attachments), then audit records. */
@Component
public class IngestWriter implements ItemWriter<IngestRecords> {

    private final MailboxStore mailboxes;
    private final AuditLog auditLog;

    public IngestWriter(MailboxStore mailboxes, AuditLog auditLog) {
        this.mailboxes = mailboxes;
        this.auditLog = auditLog;
    }

    @Override
    public void write(Chunk<? extends IngestRecords> chunk) {
        List<MailboxItem> items = new ArrayList<>(chunk.size());
        List<AuditRecord> audit = new ArrayList<>(chunk.size());
        for (IngestRecords r : chunk) {
            items.addAll(r.items());
            audit.addAll(r.auditRecords());
        }
        mailboxes.write(items);
        auditLog.append(audit);
    }
}

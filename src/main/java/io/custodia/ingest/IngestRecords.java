package io.custodia.ingest;

import java.util.List;

import io.custodia.audit.AuditRecord;
import io.custodia.mailbox.MailboxItem;

/** What one staged line turned into: usually one item or one audit record, sometimes more. */
public record IngestRecords(List<MailboxItem> items, List<AuditRecord> auditRecords) {
}

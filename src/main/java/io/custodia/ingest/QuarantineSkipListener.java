package io.custodia.ingest;

import org.springframework.batch.core.listener.SkipListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records skipped lines in the quarantine: nothing the ingest job cannot process is dropped silently. Each entry is
 * committed in a transaction of its own: the chunk's transaction may still roll back after the skip (a write that
 * fails and is retried — a deadlock, a duplicate that turns into the idempotent upsert), and Spring Batch does not
 * process a skipped line again when it retries the write, so an entry written in the chunk's transaction was lost
 * with it (seen in FaultSoakTest). Entries are keyed by source and reference: a line skipped again is not doubled.
 */
@Component
public class QuarantineSkipListener implements SkipListener<LogLine, IngestRecords> {

    static final String SOURCE = "ingest";

    private final QuarantineStore quarantine;
    private final TransactionTemplate ownTransaction;

    public QuarantineSkipListener(QuarantineStore quarantine, PlatformTransactionManager transactions) {
        this.quarantine = quarantine;
        this.ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void onSkipInProcess(LogLine line, Throwable t) {
        ownTransaction.executeWithoutResult(status -> quarantine.put(line.file() == null ? null : line.file().workspaceId(),
                line.file() == null ? null : line.file().eventType(), SOURCE, line.reference(), t.getMessage(),
                line.bytes())); // as staged: a line that is not UTF-8 is kept as it came
    }
}

package io.custodia.ingest;

import org.springframework.batch.core.listener.SkipListener;
import org.springframework.stereotype.Component;

/** Records skipped lines in the quarantine: nothing the ingest job cannot process is dropped silently. */
@Component
public class QuarantineSkipListener implements SkipListener<LogLine, IngestRecords> {

    static final String SOURCE = "ingest";

    private final QuarantineStore quarantine;

    public QuarantineSkipListener(QuarantineStore quarantine) {
        this.quarantine = quarantine;
    }

    @Override
    public void onSkipInProcess(LogLine line, Throwable t) {
        quarantine.put(line.file() == null ? null : line.file().workspaceId(),
                line.file() == null ? null : line.file().eventType(), SOURCE, line.reference(), t.getMessage(),
                line.bytes()); // as staged: a line that is not UTF-8 is kept as it came
    }
}

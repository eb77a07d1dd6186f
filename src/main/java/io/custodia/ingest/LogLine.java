package io.custodia.ingest;

import org.springframework.batch.infrastructure.item.ResourceAware;
import org.springframework.core.io.Resource;

/** One line of a staged JSONL file, with the file it came from (set by the multi-resource reader). */
public class LogLine implements ResourceAware {

    private final String text;
    private final int lineNumber;
    private StagedLogFileResource file;

    public LogLine(String text, int lineNumber) {
        this.text = text;
        this.lineNumber = lineNumber;
    }

    @Override
    public void setResource(Resource resource) {
        this.file = (StagedLogFileResource) resource;
    }

    public String text() {
        return text;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public StagedLogFileResource file() {
        return file;
    }

    /** Where the line came from, for quarantine and logs (no content). */
    public String reference() {
        return (file == null ? "?" : file.workspaceId() + "/" + file.fileId()) + "#" + lineNumber;
    }

    @Override
    public String toString() {
        return "LogLine[" + reference() + "]";
    }
}

package io.custodia.ingest;

import java.nio.charset.StandardCharsets;

import org.springframework.batch.infrastructure.item.ResourceAware;
import org.springframework.core.io.Resource;

/**
 * One line of a staged JSONL file, with the file it came from (set by the multi-resource reader). The line is
 * kept as the file's bytes: the processor parses them with Jackson's UTF-8 parser, and the text is decoded
 * only when something asks for it (a non-message event kept verbatim, a line that fails to parse).
 */
public class LogLine implements ResourceAware {

    private final byte[] bytes;
    private final int lineNumber;
    private final boolean otherPartition;
    private String text;
    private StagedLogFileResource file;

    /** A line given as text (encoded to UTF-8 as a staged file holds it). */
    public LogLine(String text, int lineNumber) {
        this(text.getBytes(StandardCharsets.UTF_8), lineNumber, false);
        this.text = text;
    }

    /** A line given as the bytes it was staged with (a quarantined line processed again). */
    public static LogLine ofBytes(byte[] bytes, int lineNumber) {
        return new LogLine(bytes, lineNumber, false);
    }

    private LogLine(byte[] bytes, int lineNumber, boolean otherPartition) {
        this.bytes = bytes;
        this.lineNumber = lineNumber;
        this.otherPartition = otherPartition;
    }

    /**
     * The line as {@link PartitionedLineReader#linesOf} hands it to Spring Batch's file reader, whose lines are
     * strings: its bytes one char each (ISO-8859-1 maps every byte value to the char of the same value, so this
     * is a copy, not a decode), or {@link PartitionedLineReader#OTHER_PARTITION}.
     */
    static LogLine ofRawBytes(String raw, int lineNumber) {
        if (raw == PartitionedLineReader.OTHER_PARTITION) {
            return new LogLine(null, lineNumber, true);
        }
        return new LogLine(raw.getBytes(StandardCharsets.ISO_8859_1), lineNumber, false);
    }

    @Override
    public void setResource(Resource resource) {
        this.file = (StagedLogFileResource) resource;
    }

    /** The line's bytes as staged (UTF-8 JSON, if the API sent what it should); null for another partition's line. */
    public byte[] bytes() {
        return bytes;
    }

    /** The line decoded as UTF-8 (what is not UTF-8 becomes U+FFFD); null for another partition's line. */
    public String text() {
        if (text == null && bytes != null) {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** Empty or only whitespace, as {@link String#isBlank()} says of its text. */
    public boolean isBlank() {
        if (bytes == null) {
            return true;
        }
        for (byte b : bytes) {
            if (b < 0) {
                return text().isBlank(); // a non-ASCII byte: let the decoded text decide (Unicode spaces)
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Stands for a line of another partition, which {@link PartitionedLineReader} drops. */
    boolean otherPartition() {
        return otherPartition;
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

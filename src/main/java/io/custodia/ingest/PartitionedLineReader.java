package io.custodia.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.file.BufferedReaderFactory;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.MultiResourceItemReader;
import org.springframework.core.io.Resource;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The staged lines of one ingest partition: the lines of the multi-resource reader whose custodian
 * ({@code actor.user_id} of the line's first record) hashes to this partition. The delegate keeps the
 * restart state (file and line), and the filter is a pure function of the line, so a restarted partition
 * resumes exactly where its last chunk committed. Lines without a readable user (malformed JSON …) belong
 * to partition 0, so each is quarantined once.
 */
public class PartitionedLineReader implements ItemStreamReader<LogLine> {

    private final MultiResourceItemReader<LogLine> delegate;

    /** Through {@link #over} (not private: the step-scope proxy subclasses this reader). */
    PartitionedLineReader(MultiResourceItemReader<LogLine> delegate) {
        this.delegate = delegate;
    }

    /**
     * The lines of partition {@code partition} of {@code partitions} in the staged files, in file id order. The
     * file reader's lines come from {@link #linesOf}, which has already placed every line: this reader only drops
     * the other partitions' ones.
     */
    public static PartitionedLineReader over(List<StagedLogFileResource> files, JsonMapper json, int partition,
                                             int partitions, StagedFileSplits splits) {
        FlatFileItemReader<LogLine> lines = new FlatFileItemReader<>(LogLine::ofRawBytes);
        lines.setName("stagedLines");
        lines.setEncoding("UTF-8");
        lines.setBufferedReaderFactory(linesOf(json, partition, partitions, splits));
        MultiResourceItemReader<LogLine> reader = new MultiResourceItemReader<>(lines);
        reader.setName("stagedLogFiles");
        reader.setResources(files.toArray(Resource[]::new));
        reader.setComparator(Comparator.comparingLong(r -> ((StagedLogFileResource) r).id()));
        reader.setStrict(false);
        return new PartitionedLineReader(reader);
    }

    @Override
    public LogLine read() throws Exception {
        LogLine line;
        while ((line = delegate.read()) != null) {
            if (!line.otherPartition()) {
                return line;
            }
        }
        return null;
    }

    /**
     * Stands for a line of another partition (compared by identity, never by value): counted as a line by the
     * file reader — so restart positions are line numbers as before — but neither decoded nor mapped.
     */
    static final String OTHER_PARTITION = new String("\u0000another partition's line\u0000");

    /**
     * Lines of a staged file for one partition of {@code partitions}: the other partitions' lines are recognised
     * on their bytes (the first record's {@code actor.user_id} found by Jackson's byte parser) and come back as
     * {@link #OTHER_PARTITION}; this partition's lines come back as their bytes, one char per byte
     * ({@link LogLine#ofRawBytes}), and are never decoded as a whole: the processor parses the bytes. Decoding every
     * line in every partition was most of the partitions' reading (a UTF-8 decode of each line N times). Line
     * ends as {@link BufferedReader#readLine()}: {@code \n}, {@code \r} or {@code \r\n}.
     * With {@code splits}, a staged file is fetched and its lines placed once for all partitions
     * ({@link StagedFileSplits}); without (or for a file too large to keep), each partition streams the file.
     * <p>
     * Written by hand because a {@code BufferedReader} decodes every line it returns; Spring Batch's file reader
     * takes any {@code BufferedReader}, so this one only replaces the line splitting.
     */
    public static BufferedReaderFactory linesOf(JsonMapper json, int partition, int partitions, StagedFileSplits splits) {
        return (resource, encoding) -> {
            if (splits != null && resource instanceof StagedLogFileResource file && StagedFileSplits.splits(file, partitions)) {
                StagedFileSplits.Split split = splits.take(file, partition, partitions);
                if (split != null) {
                    return new SplitLines(split, partition);
                }
            }
            return new PartitionLines(resource.getInputStream(), json, partition, partitions);
        };
    }

    /** A split file's lines for one partition: its own as their bytes, the others' as {@link #OTHER_PARTITION}. */
    private static final class SplitLines extends BufferedReader {

        private final StagedFileSplits.Split split;
        private final int partition;
        private int next;

        SplitLines(StagedFileSplits.Split split, int partition) {
            super(Reader.nullReader(), 1);
            this.split = split;
            this.partition = partition;
        }

        @Override
        public String readLine() {
            if (next == split.lines().length) {
                return null;
            }
            int i = next++;
            if (split.partitions()[i] != partition) {
                return OTHER_PARTITION;
            }
            // the bytes, one char each (see LogLine.ofRawBytes): a copy; the processor parses the bytes
            return new String(split.lines()[i], StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            // nothing to release: the split is shared
        }
    }

    /** The partition of a line given as UTF-8 bytes; the same as {@link #partitionOf(JsonMapper, String, int)}. */
    static int partitionOf(JsonMapper json, byte[] bytes, int offset, int length, int partitions) {
        String user;
        try (JsonParser p = json.createParser(bytes, offset, length)) {
            user = userId(p);
        } catch (RuntimeException e) {
            // not JSON, or not UTF-8 where the byte parser reads: decide exactly as on the decoded line
            return partitionOf(json, new String(bytes, offset, length, StandardCharsets.UTF_8), partitions);
        }
        return user == null ? 0 : Math.floorMod(user.hashCode(), partitions);
    }

    static final class PartitionLines extends BufferedReader {

        private final InputStream in;
        private final JsonMapper json;
        private final int partition;
        private final int partitions;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        private byte[] line = new byte[8 * 1024];
        private boolean skipNewline;

        PartitionLines(InputStream in, JsonMapper json, int partition, int partitions) {
            super(Reader.nullReader(), 1);
            this.in = in;
            this.json = json;
            this.partition = partition;
            this.partitions = partitions;
        }

        @Override
        public String readLine() throws IOException {
            int length = next();
            return length < 0 ? null : line(length);
        }

        /** Reads the next line into {@link #line} and returns its length, -1 at the end of the file. */
        int next() throws IOException {
            int length = 0;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return any ? length : -1;
                    }
                }
                byte b = buffer[position];
                if (skipNewline) {
                    skipNewline = false;
                    if (b == '\n') {
                        position++;
                        continue;
                    }
                }
                int start = position;
                int end = start;
                while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                    end++;
                }
                int n = end - start;
                if (length + n > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
                }
                System.arraycopy(buffer, start, line, length, n);
                length += n;
                any = true;
                if (end < limit) {
                    skipNewline = buffer[end] == '\r';
                    position = end + 1;
                    return length;
                }
                position = end;
            }
        }

        /** A copy of the line {@link #next()} read. */
        byte[] lineBytes(int length) {
            return Arrays.copyOf(line, length);
        }

        private String line(int length) {
            if (partitions > 1 && partitionOf(json, line, 0, length, partitions) != partition) {
                return OTHER_PARTITION;
            }
            // the bytes, one char each (see LogLine.ofRawBytes): a copy; the processor parses the bytes
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The partition of a line: {@code floorMod(user_id.hashCode(), partitions)} of the first record's
     * {@code actor.user_id}, found by streaming over the tokens (the record is not built); 0 when there is none.
     */
    public static int partitionOf(JsonMapper json, String line, int partitions) {
        String user = userId(json, line);
        return user == null ? 0 : Math.floorMod(user.hashCode(), partitions);
    }

    static String userId(JsonMapper json, String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        try (JsonParser p = json.createParser(line)) {
            return userId(p);
        } catch (RuntimeException e) {
            return null; // not JSON: partition 0 quarantines it
        }
    }

    /** {@code actor.user_id} of the record the parser starts at, streaming over its tokens; null when there is none. */
    private static String userId(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("actor".equals(name) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("user_id".equals(field)) {
                        return v == JsonToken.VALUE_STRING ? p.getString() : null;
                    }
                    p.skipChildren();
                }
                return null;
            }
            p.skipChildren();
        }
        return null;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        delegate.open(executionContext);
    }

    @Override
    public void update(ExecutionContext executionContext) throws ItemStreamException {
        delegate.update(executionContext);
    }

    @Override
    public void close() throws ItemStreamException {
        delegate.close();
    }
}

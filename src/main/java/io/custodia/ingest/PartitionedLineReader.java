package io.custodia.ingest;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.file.MultiResourceItemReader;

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
    private final JsonMapper json;
    private final int partition;
    private final int partitions;

    public PartitionedLineReader(MultiResourceItemReader<LogLine> delegate, JsonMapper json, int partition, int partitions) {
        this.delegate = delegate;
        this.json = json;
        this.partition = partition;
        this.partitions = partitions;
    }

    @Override
    public LogLine read() throws Exception {
        LogLine line;
        while ((line = delegate.read()) != null) {
            if (partitions <= 1 || partitionOf(json, line.text(), partitions) == partition) {
                return line;
            }
        }
        return null;
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
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("actor".equals(name) && value == JsonToken.START_OBJECT) {
                    while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
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
        } catch (RuntimeException e) {
            return null; // not JSON: partition 0 quarantines it
        }
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

package io.custodia.ingest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.stereotype.Component;

import io.custodia.audit.AuditRecord;
import io.custodia.audit.AuditRecords;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses one staged JSONL line and turns each record on it into mailbox items and audit records.
 * A line may hold several records run together without a newline (seen in the wild); a line that is
 * not JSON, or a record missing what it needs, raises {@link MalformedRecordException} and is
 * quarantined by the step's skip listener.
 */
@Component
public class LogLineProcessor implements ItemProcessor<LogLine, IngestRecords> {

    private final ObjectReader reader;
    private final JsonMapper json;
    private final MessageNormalizer normalizer;
    private final AuditRecords auditRecords;

    public LogLineProcessor(JsonMapper json, MessageNormalizer normalizer, AuditRecords auditRecords) {
        this.json = json;
        this.reader = json.readerFor(JsonNode.class);
        this.normalizer = normalizer;
        this.auditRecords = auditRecords;
    }

    @Override
    public IngestRecords process(LogLine line) {
        if (line.isBlank()) {
            return null;
        }
        List<JsonNode> events = parse(line);
        String workspaceId = line.file().workspaceId();
        String fileType = line.file().eventType();
        List<MailboxItem> items = new ArrayList<>(1);
        List<AuditRecord> audit = new ArrayList<>(1);
        for (JsonNode event : events) {
            if (!event.isObject()) {
                throw new MalformedRecordException("record is a JSON " + event.getNodeType() + ", not an object");
            }
            String type = MessageNormalizer.text(event, "type");
            if (type == null) {
                type = fileType;
            }
            if (MessageNormalizer.text(event, "event_id") == null) {
                throw new MalformedRecordException(type + " record without event_id");
            }
            if ("CONVERSATION_MESSAGE".equals(type)) {
                MailboxItem item = normalizer.normalize(workspaceId, event);
                items.add(item);
                if (item.kind() == ItemKind.RESPONSE) {
                    audit.add(auditRecords.interaction(item));
                }
            } else {
                String raw = events.size() == 1 ? line.text() : json.writeValueAsString(event);
                audit.add(auditRecords.logEvent(workspaceId, type, event, raw));
            }
        }
        return new IngestRecords(items, audit);
    }

    /**
     * The line's records, parsed from its bytes by Jackson's UTF-8 parser (no decoded copy of the line). Should
     * that fail, the line is parsed again from its decoded text, as it was before it was read as bytes: a string
     * value that is not valid UTF-8 then holds U+FFFD where the bytes were bad, and a line that is not JSON is
     * refused with the text parser's message.
     */
    private List<JsonNode> parse(LogLine line) {
        List<JsonNode> events = new ArrayList<>(1);
        try (MappingIterator<JsonNode> it = reader.readValues(line.bytes())) {
            while (it.hasNextValue()) {
                events.add(it.nextValue());
            }
            return events;
        } catch (JacksonException e) {
            return parse(line.text());
        }
    }

    private List<JsonNode> parse(String text) {
        List<JsonNode> events = new ArrayList<>(1);
        try (MappingIterator<JsonNode> it = reader.readValues(text)) {
            while (it.hasNextValue()) {
                events.add(it.nextValue());
            }
        } catch (JacksonException e) {
            throw new MalformedRecordException("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()), e);
        }
        return events;
    }
}

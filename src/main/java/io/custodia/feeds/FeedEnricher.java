package io.custodia.feeds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.audit.EventTypes;

/**
 * Loads what some feeds render beyond the outbox row, one query per batch: the unified audit records
 * of Purview feeds, and the prompt/response text and conversation titles of feeds that opt in to
 * content. Text is read from the store at delivery time (never copied into the outbox), so a feed that
 * does not ask for it never has it, and text disposed of meanwhile is not resurrected.
 */
@Component
class FeedEnricher {

    private final NamedParameterJdbcTemplate jdbc;

    FeedEnricher(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<FeedEvent> enrich(FeedProperties.Feed feed, List<FeedEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        List<FeedEvent> out = events;
        if (feed.feedFormat() == FeedFormat.PURVIEW) {
            out = withAuditRecords(out);
        }
        if (feed.includeContent()) {
            out = withContent(out);
        }
        return out;
    }

    private List<FeedEvent> withAuditRecords(List<FeedEvent> events) {
        List<String> ids = events.stream().map(e -> e.text("auditRecordId")).filter(Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return events;
        }
        Map<String, String> records = new HashMap<>();
        jdbc.query("SELECT id, audit_data FROM audit_record WHERE id IN (:ids)", new MapSqlParameterSource("ids", ids),
                rs -> {
                    records.put(rs.getString(1), rs.getString(2));
                });
        return events.stream().map(e -> {
            String id = e.text("auditRecordId");
            return id != null && records.containsKey(id) ? e.withAuditRecord(records.get(id)) : e;
        }).toList();
    }

    private List<FeedEvent> withContent(List<FeedEvent> events) {
        List<FeedEvent> interactions = events.stream()
                .filter(e -> EventTypes.INTERACTION_CAPTURED.equals(e.type()) && e.workspaceId() != null).toList();
        if (interactions.isEmpty()) {
            return events;
        }
        Map<String, String> bodies = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        Map<String, List<FeedEvent>> byWorkspace = new HashMap<>();
        interactions.forEach(e -> byWorkspace.computeIfAbsent(e.workspaceId(), w -> new ArrayList<>()).add(e));
        byWorkspace.forEach((ws, list) -> {
            List<String> messages = new ArrayList<>();
            List<String> conversations = new ArrayList<>();
            for (FeedEvent e : list) {
                addIfPresent(messages, e.text("interaction.promptMessageId"));
                addIfPresent(messages, e.text("interaction.responseMessageId"));
                addIfPresent(conversations, e.text("interaction.conversationId"));
            }
            MapSqlParameterSource p = new MapSqlParameterSource("ws", ws).addValue("messages", messages)
                    .addValue("conversations", conversations.isEmpty() ? List.of("") : conversations);
            if (!messages.isEmpty()) {
                jdbc.query("SELECT message_id, body FROM mail_item WHERE workspace_id = :ws AND message_id IN (:messages)", p,
                        rs -> {
                            bodies.put(ws + "|" + rs.getString(1), rs.getString(2));
                        });
            }
            jdbc.query("SELECT conversation_id, title FROM conversation WHERE workspace_id = :ws AND conversation_id IN (:conversations)",
                    p, rs -> {
                        titles.put(ws + "|" + rs.getString(1), rs.getString(2));
                    });
        });
        return events.stream().map(e -> {
            if (!interactions.contains(e)) {
                return e;
            }
            String ws = e.workspaceId() + "|";
            return e.withContent(new FeedEvent.Content(titles.get(ws + e.text("interaction.conversationId")),
                    bodies.get(ws + e.text("interaction.promptMessageId")),
                    bodies.get(ws + e.text("interaction.responseMessageId"))));
        }).toList();
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }
}

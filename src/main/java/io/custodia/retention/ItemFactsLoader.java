package io.custodia.retention;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.support.Utc;

/** Loads {@link ItemFacts} for a batch of items in one query, from the mailbox or from the recoverable area. */
@Component
class ItemFactsLoader {

    private final NamedParameterJdbcTemplate jdbc;

    ItemFactsLoader(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ItemFacts> live(Collection<Long> ids) {
        return load("mail_item", ids);
    }

    List<ItemFacts> recoverable(Collection<Long> ids) {
        return load("recoverable_item", ids);
    }

    private List<ItemFacts> load(String table, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT i.id, i.workspace_id, i.message_id, i.mailbox_id, m.email, i.conversation_id, i.sent_at,
                       c.last_activity_at, li.label_id AS item_label, lc.label_id AS conversation_label
                FROM %s i
                LEFT JOIN mailbox m ON m.id = i.mailbox_id
                LEFT JOIN conversation c ON c.workspace_id = i.workspace_id AND c.conversation_id = i.conversation_id
                LEFT JOIN retention_label_item li ON li.item_id = i.id
                LEFT JOIN retention_label_conversation lc
                       ON lc.workspace_id = i.workspace_id AND lc.conversation_id = i.conversation_id
                WHERE i.id IN (:ids) ORDER BY i.id""".formatted(table), new MapSqlParameterSource("ids", ids), (rs, n) -> {
            var sent = Utc.fromDb(rs.getObject("sent_at", LocalDateTime.class));
            var last = Utc.fromDb(rs.getObject("last_activity_at", LocalDateTime.class));
            long itemLabel = rs.getLong("item_label");
            Long itemLabelId = rs.wasNull() ? null : itemLabel;
            long convLabel = rs.getLong("conversation_label");
            Long convLabelId = rs.wasNull() ? null : convLabel;
            return new ItemFacts(rs.getLong("id"), rs.getString("workspace_id"), rs.getString("message_id"),
                    rs.getLong("mailbox_id"), rs.getString("email"), rs.getString("conversation_id"), sent,
                    last == null || last.isBefore(sent) ? sent : last, itemLabelId, convLabelId);
        });
    }
}

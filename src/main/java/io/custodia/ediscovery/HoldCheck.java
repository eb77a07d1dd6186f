package io.custodia.ediscovery;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.ediscovery.query.ItemQuerySql;
import io.custodia.ediscovery.query.KqlParser;

/**
 * The one place that says whether items are under a legal hold. Retention, disposition and every
 * delete ask it before removing anything: a held item is never purged. An item is held when an
 * active hold names it (query holds, materialised), covers its mailbox (custodian holds, also by the
 * custodian's e-mail or user id before the mailbox is linked), or is a query hold's match that
 * {@link HoldEvaluator} has not materialised yet (evaluated here, on the spot). Items in the
 * retention's recoverable area (table {@code recoverable_item}, same ids, same columns) are items too.
 */
@Component
public class HoldCheck {

    private final NamedParameterJdbcTemplate jdbc;

    public HoldCheck(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The ids among {@code itemIds} that are held. */
    public Set<Long> heldAmong(Collection<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return Set.of();
        }
        List<Long> held = jdbc.queryForList("""
                SELECT i.id FROM (SELECT id, mailbox_id FROM mail_item WHERE id IN (:ids)
                                  UNION ALL
                                  SELECT id, mailbox_id FROM recoverable_item WHERE id IN (:ids)) i
                WHERE
                    EXISTS (SELECT 1 FROM legal_hold_item hi JOIN legal_hold h ON h.id = hi.hold_id
                            WHERE hi.item_id = i.id AND h.released_at IS NULL)
                 OR EXISTS (SELECT 1 FROM legal_hold_mailbox hm JOIN legal_hold h ON h.id = hm.hold_id
                            WHERE hm.mailbox_id = i.mailbox_id AND h.released_at IS NULL)
                 OR EXISTS (SELECT 1 FROM legal_hold_custodian hc JOIN legal_hold h ON h.id = hc.hold_id
                            JOIN mailbox m ON m.email = hc.email OR m.user_id = hc.email
                            WHERE m.id = i.mailbox_id AND h.released_at IS NULL)""",
                new MapSqlParameterSource("ids", itemIds), Long.class);
        Set<Long> result = new HashSet<>(held);
        result.addAll(pendingQueryMatches(itemIds));
        return result;
    }

    public boolean isHeld(long itemId) {
        return !heldAmong(List.of(itemId)).isEmpty();
    }

    /** The mailboxes among {@code mailboxIds} that an active custodian hold covers. */
    public Set<Long> mailboxesHeld(Collection<Long> mailboxIds) {
        if (mailboxIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                SELECT DISTINCT m.id FROM mailbox m
                WHERE m.id IN (:ids) AND (
                    EXISTS (SELECT 1 FROM legal_hold_mailbox hm JOIN legal_hold h ON h.id = hm.hold_id
                            WHERE hm.mailbox_id = m.id AND h.released_at IS NULL)
                 OR EXISTS (SELECT 1 FROM legal_hold_custodian hc JOIN legal_hold h ON h.id = hc.hold_id
                            WHERE (m.email = hc.email OR m.user_id = hc.email) AND h.released_at IS NULL))""",
                new MapSqlParameterSource("ids", mailboxIds), Long.class));
    }

    /**
     * Query-hold matches not materialised yet: live items newer than the hold's last evaluation, and any
     * recoverable item (a hold placed while the item waited in the recoverable area was never evaluated
     * against it; the area mirrors the live columns and FULLTEXT indexes, so the same condition applies).
     */
    private Set<Long> pendingQueryMatches(Collection<Long> itemIds) {
        long newest = Collections.max(itemIds);
        List<Map<String, Object>> holds = jdbc.queryForList("""
                SELECT h.id, h.query, p.evaluated_to_id FROM legal_hold h JOIN legal_hold_progress p ON p.hold_id = h.id
                WHERE h.released_at IS NULL AND h.scope = 'QUERY'""", Map.of());
        Set<Long> held = new HashSet<>();
        for (Map<String, Object> h : holds) {
            ItemQuerySql.Condition where = ItemQuerySql.where(KqlParser.parse((String) h.get("query")));
            Map<String, Object> params = new HashMap<>(where.params());
            params.put("ids", itemIds);
            params.put("after", h.get("evaluated_to_id"));
            if (((Number) h.get("evaluated_to_id")).longValue() < newest) {
                held.addAll(jdbc.queryForList("SELECT i.id FROM mail_item i WHERE i.id IN (:ids) AND i.id > :after AND "
                        + where.sql(), params, Long.class));
            }
            held.addAll(jdbc.queryForList("SELECT i.id FROM recoverable_item i WHERE i.id IN (:ids) AND "
                    + where.sql(), params, Long.class));
        }
        return held;
    }
}

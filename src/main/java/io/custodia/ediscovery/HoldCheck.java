package io.custodia.ediscovery;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one place that says whether items are under a legal hold. Retention, disposition and every
 * delete ask it before removing anything: a held item is never purged. An item is held when an
 * active hold names it (query holds, materialised) or covers its mailbox (custodian holds). Items in
 * the retention's recoverable area (table {@code recoverable_item}, same ids) are items too.
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
                WHERE (
                    EXISTS (SELECT 1 FROM legal_hold_item hi JOIN legal_hold h ON h.id = hi.hold_id
                            WHERE hi.item_id = i.id AND h.released_at IS NULL)
                 OR EXISTS (SELECT 1 FROM legal_hold_mailbox hm JOIN legal_hold h ON h.id = hm.hold_id
                            WHERE hm.mailbox_id = i.mailbox_id AND h.released_at IS NULL))""",
                new MapSqlParameterSource("ids", itemIds), Long.class);
        return new HashSet<>(held);
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
                SELECT DISTINCT hm.mailbox_id FROM legal_hold_mailbox hm JOIN legal_hold h ON h.id = hm.hold_id
                WHERE hm.mailbox_id IN (:ids) AND h.released_at IS NULL""",
                new MapSqlParameterSource("ids", mailboxIds), Long.class));
    }
}

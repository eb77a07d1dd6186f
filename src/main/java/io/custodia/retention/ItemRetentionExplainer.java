package io.custodia.retention;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.custodia.ediscovery.HoldCheck;
import io.custodia.support.Utc;

/**
 * Explains what retention does with one item: the rules that cover it, the principles that decided
 * between them, the holds, and for items already disposed of, the ledger entry. Uses the same resolver,
 * rules and hold check as the disposition job.
 */
@Component
class ItemRetentionExplainer {

    private final JdbcTemplate jdbc;
    private final ItemFactsLoader facts;
    private final RetentionRules rules;
    private final HoldCheck holds;
    private final RetentionResolver resolver = new RetentionResolver();

    ItemRetentionExplainer(JdbcTemplate jdbc, ItemFactsLoader facts, RetentionRules rules, HoldCheck holds) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.rules = rules;
        this.holds = holds;
    }

    Map<String, Object> explain(long itemId, Instant asOf) {
        Map<String, Object> disposal = disposal(itemId);
        List<ItemFacts> found = facts.live(List.of(itemId));
        String state = "live";
        if (found.isEmpty()) {
            found = facts.recoverable(List.of(itemId));
            state = "recoverable";
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("itemId", itemId);
        if (found.isEmpty()) {
            if (disposal == null) {
                throw RetentionApiException.notFound("item " + itemId);
            }
            r.put("state", "purged");
            r.put("disposal", disposal);
            r.put("chain", List.of(Map.of("principle", RetentionResolver.RESULT, "finding",
                    "purged on " + disposal.get("purgedAt") + " by run " + disposal.get("purgedRun") + " under " + disposal.get("rule"))));
            return r;
        }
        ItemFacts f = found.get(0);
        List<RetentionRule> applicable = rules.load().rulesFor(f);
        boolean held = holds.isHeld(itemId);
        RetentionOutcome o = resolver.resolve(applicable, f.created(), f.lastActivity(), held, asOf);
        r.put("state", state);
        r.put("asOf", asOf.toString());
        r.put("workspaceId", f.workspaceId());
        r.put("conversationId", f.conversationId());
        r.put("mailbox", f.email());
        r.put("created", f.created().toString());
        r.put("lastActivity", f.lastActivity().toString());
        r.put("decision", switch (o.decision()) {
            case NO_RULE -> "noRule";
            case RETAIN -> "retain";
            case EXPIRED -> "delete";
            case HELD -> "held";
        });
        r.put("retainUntil", o.retainForever() ? "forever" : o.retainUntil() == null ? null : o.retainUntil().toString());
        r.put("deleteAt", o.deleteAt() == null ? null : o.deleteAt().toString());
        r.put("deleteAtSource", o.deletingRule() != null && o.deletingRule().deleteAtSource());
        r.put("held", held);
        r.put("holds", holdDetails(itemId, f.mailboxId()));
        r.put("rules", applicable.stream().map(rule -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", rule.source());
            m.put("id", rule.id());
            m.put("name", rule.name());
            m.put("level", rule.level().description());
            m.put("action", rule.action().json());
            m.put("days", rule.days());
            m.put("basis", rule.basis().json());
            Instant end = rule.end(f.created(), f.lastActivity());
            m.put("periodEnds", end == null ? "never" : end.toString());
            return m;
        }).toList());
        r.put("chain", o.chain().stream().map(s -> Map.of("principle", s.principle(), "finding", s.finding())).toList());
        r.put("disposal", disposal);
        return r;
    }

    private List<Map<String, Object>> holdDetails(long itemId, long mailboxId) {
        return jdbc.query("""
                SELECT h.id, h.case_id, h.name, h.scope FROM legal_hold h JOIN legal_hold_item hi ON hi.hold_id = h.id
                WHERE hi.item_id = ? AND h.released_at IS NULL
                UNION
                SELECT h.id, h.case_id, h.name, h.scope FROM legal_hold h JOIN legal_hold_mailbox hm ON hm.hold_id = h.id
                WHERE hm.mailbox_id = ? AND h.released_at IS NULL
                ORDER BY 1""", (rs, n) -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("id", rs.getLong(1));
            h.put("caseId", rs.getLong(2));
            h.put("name", rs.getString(3));
            h.put("scope", rs.getString(4));
            return h;
        }, itemId, mailboxId);
    }

    private Map<String, Object> disposal(long itemId) {
        List<Map<String, Object>> rows = jdbc.query("SELECT * FROM retention_disposal WHERE item_id = ?", (rs, n) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("stage", rs.getString("stage").toLowerCase());
            d.put("rule", rs.getString("rule"));
            d.put("deleteAt", time(rs.getObject("delete_at", LocalDateTime.class)));
            d.put("movedRun", rs.getString("moved_run"));
            d.put("movedAsOf", time(rs.getObject("moved_as_of", LocalDateTime.class)));
            d.put("movedAt", time(rs.getObject("moved_at", LocalDateTime.class)));
            d.put("purgeAfter", time(rs.getObject("purge_after", LocalDateTime.class)));
            d.put("purgedRun", rs.getString("purged_run"));
            d.put("purgedAt", time(rs.getObject("purged_at", LocalDateTime.class)));
            d.put("restoredAt", time(rs.getObject("restored_at", LocalDateTime.class)));
            return d;
        }, itemId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static String time(LocalDateTime t) {
        return t == null ? null : Utc.fromDb(t).toString();
    }
}

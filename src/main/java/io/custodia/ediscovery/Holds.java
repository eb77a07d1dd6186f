package io.custodia.ediscovery;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.ediscovery.query.ItemQuerySql;
import io.custodia.ediscovery.query.KqlParser;
import io.custodia.ediscovery.query.QueryNode;
import io.custodia.support.Utc;

/**
 * Legal holds of a case (tables of V4, checked by {@link HoldCheck}):
 * <ul>
 *   <li><b>custodian holds</b> cover whole mailboxes, present and future items alike: a body with
 *       {@code custodians}, or a query made only of {@code custodian:} restrictions joined by OR;</li>
 *   <li><b>query holds</b> cover the items matching a query: the matches are materialised in
 *       {@code legal_hold_item} when the hold is placed, and items ingested later are evaluated by
 *       {@link HoldEvaluator} (after each ingest run and on a schedule) — until then {@link HoldCheck}
 *       evaluates them itself, so no delete can slip through in between. A query with
 *       {@code custodians} is limited to those custodians.</li>
 * </ul>
 * Released holds stay for the record ({@code released_at}).
 */
@Component
public class Holds {

    public static final String QUERY = "QUERY";
    public static final String CUSTODIAN = "CUSTODIAN";

    public record Hold(long id, long caseId, String name, String scope, String query, List<String> custodians,
                       long items, long mailboxes, String createdBy, String createdAt, String releasedAt) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Cases cases;
    private final EdiscoveryActivity activity;

    public Holds(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, Cases cases, EdiscoveryActivity activity) {
        this.jdbc = jdbc;
        this.named = named;
        this.cases = cases;
        this.activity = activity;
    }

    @Transactional
    public Hold create(long caseId, String name, String query, List<String> custodians, Authentication user) {
        cases.requireVisible(caseId, user);
        Set<String> people = new LinkedHashSet<>();
        if (custodians != null) {
            for (String c : custodians) {
                if (c == null || c.isBlank() || c.length() > 320) {
                    throw new IllegalArgumentException("custodians must be e-mail addresses or user ids of 1 to 320 characters");
                }
                people.add(c.strip());
            }
        }
        boolean hasQuery = query != null && !query.isBlank();
        if (!hasQuery && people.isEmpty()) {
            throw new IllegalArgumentException("a hold needs a query or custodians");
        }
        String scope;
        String effectiveQuery = null;
        QueryNode node = null;
        if (hasQuery) {
            node = KqlParser.parse(query);
            List<String> onlyCustodians = custodiansOnly(node);
            if (onlyCustodians != null && people.isEmpty()) {
                people.addAll(onlyCustodians);
                scope = CUSTODIAN;
            } else {
                scope = QUERY;
                effectiveQuery = people.isEmpty() ? query : custodianClause(people) + " AND (" + query + ")";
                node = KqlParser.parse(effectiveQuery);
            }
        } else {
            scope = CUSTODIAN;
        }
        String holdName = name != null && !name.isBlank() ? name.strip() : "Hold " + Utc.now().toLocalDate();
        String stored = scope.equals(QUERY) ? effectiveQuery : hasQuery ? query : custodianClause(people);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        LocalDateTime now = Utc.now();
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    INSERT INTO legal_hold (case_id, name, scope, query, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                    new String[]{"id"});
            ps.setLong(1, caseId);
            ps.setString(2, holdName.length() > 255 ? holdName.substring(0, 255) : holdName);
            ps.setString(3, scope);
            ps.setString(4, stored);
            ps.setString(5, user.getName());
            ps.setObject(6, now);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        if (scope.equals(QUERY)) {
            long upTo = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM mail_item", Long.class);
            materialise(id, node, 0, upTo);
            jdbc.update("INSERT INTO legal_hold_progress (hold_id, evaluated_to_id, evaluated_at) VALUES (?, ?, ?)", id, upTo, now);
        } else {
            for (String p : people) {
                jdbc.update("INSERT IGNORE INTO legal_hold_custodian (hold_id, email) VALUES (?, ?)", id, p);
            }
            jdbc.update("""
                    INSERT IGNORE INTO legal_hold_mailbox (hold_id, mailbox_id)
                    SELECT hc.hold_id, m.id FROM legal_hold_custodian hc JOIN mailbox m ON m.email = hc.email OR m.user_id = hc.email
                    WHERE hc.hold_id = ?""", id);
        }
        Hold hold = load(id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("caseId", caseId);
        details.put("holdId", id);
        details.put("scope", scope);
        details.put("query", stored);
        details.put("items", hold.items());
        details.put("mailboxes", hold.mailboxes());
        activity.auditAndPublish("HoldCreated", "hold.created", String.valueOf(id), "medium", user.getName(), "hold:" + id, details);
        return hold;
    }

    @Transactional
    public Hold release(long caseId, long holdId, Authentication user) {
        cases.requireVisible(caseId, user);
        int n = jdbc.update("UPDATE legal_hold SET released_at = ? WHERE id = ? AND case_id = ? AND released_at IS NULL",
                Utc.now(), holdId, caseId);
        Hold hold = get(caseId, holdId, user);
        if (n > 0) {
            activity.auditAndPublish("HoldRemoved", "hold.released", String.valueOf(holdId), "medium", user.getName(),
                    "hold:" + holdId, Map.of("caseId", caseId, "holdId", holdId));
        }
        return hold;
    }

    public Hold get(long caseId, long holdId, Authentication user) {
        cases.requireVisible(caseId, user);
        Long owner = jdbc.query("SELECT case_id FROM legal_hold WHERE id = ?", rs -> rs.next() ? rs.getLong(1) : null, holdId);
        if (owner == null || owner != caseId) {
            throw new NotFoundException("hold " + holdId);
        }
        return load(holdId);
    }

    public List<Hold> list(long caseId, Authentication user) {
        cases.requireVisible(caseId, user);
        return jdbc.queryForList("SELECT id FROM legal_hold WHERE case_id = ? ORDER BY id", Long.class, caseId).stream()
                .map(this::load).toList();
    }

    /** Adds the items with ids in {@code (fromId, toId]} that match the hold's query. */
    void materialise(long holdId, QueryNode node, long fromId, long toId) {
        ItemQuerySql.Condition where = ItemQuerySql.where(node);
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("holdId", holdId);
        params.put("fromId", fromId);
        params.put("toId", toId);
        named.update("INSERT IGNORE INTO legal_hold_item (hold_id, item_id) SELECT :holdId, i.id FROM mail_item i "
                + "WHERE i.id > :fromId AND i.id <= :toId AND " + where.sql(), params);
    }

    /** The values of a query made only of {@code custodian:x} (exact) restrictions joined by OR, else null. */
    static List<String> custodiansOnly(QueryNode node) {
        List<String> out = new ArrayList<>();
        if (node instanceof QueryNode.Or or) {
            for (QueryNode t : or.terms()) {
                List<String> inner = custodiansOnly(t);
                if (inner == null) {
                    return null;
                }
                out.addAll(inner);
            }
            return out;
        }
        if (node instanceof QueryNode.Text t && t.property() == QueryNode.Property.CUSTODIAN && !t.prefix()) {
            return List.of(t.value());
        }
        return null;
    }

    private static String custodianClause(Set<String> people) {
        List<String> parts = new ArrayList<>();
        for (String p : people) {
            if (p.indexOf('"') >= 0) {
                throw new IllegalArgumentException("a custodian cannot contain '\"'");
            }
            parts.add("custodian:\"" + p + "\"");
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    private Hold load(long id) {
        List<String> custodians = jdbc.queryForList("SELECT email FROM legal_hold_custodian WHERE hold_id = ? ORDER BY email",
                String.class, id);
        return jdbc.queryForObject("""
                SELECT h.id, h.case_id, h.name, h.scope, h.query, h.created_by, h.created_at, h.released_at,
                       (SELECT COUNT(*) FROM legal_hold_item hi WHERE hi.hold_id = h.id),
                       (SELECT COUNT(*) FROM legal_hold_mailbox hm WHERE hm.hold_id = h.id)
                FROM legal_hold h WHERE h.id = ?""", (rs, n) -> {
            LocalDateTime released = rs.getObject(8, LocalDateTime.class);
            boolean custodianScope = CUSTODIAN.equals(rs.getString(4));
            long items = custodianScope ? jdbc.queryForObject("""
                    SELECT COUNT(*) FROM mail_item i JOIN legal_hold_mailbox hm ON hm.mailbox_id = i.mailbox_id
                    WHERE hm.hold_id = ?""", Long.class, id) : rs.getLong(9);
            return new Hold(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), custodians, items,
                    rs.getLong(10), rs.getString(6), Utc.fromDb(rs.getObject(7, LocalDateTime.class)).toString(),
                    released == null ? null : Utc.fromDb(released).toString());
        }, id);
    }
}

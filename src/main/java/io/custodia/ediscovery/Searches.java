package io.custodia.ediscovery;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.ediscovery.query.ItemQuerySql;
import io.custodia.ediscovery.query.KqlParser;
import io.custodia.ediscovery.query.SensitiveTypeMatches;
import io.custodia.support.Utc;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs searches of a case: parses the query (a malformed one is refused before anything is written),
 * keeps the hits as they are at that moment ({@code case_search_item}: exports and review sets take
 * exactly those), and computes Purview-style statistics.
 */
@Component
public class Searches {

    /** A search and its statistics. */
    public record Search(long id, long caseId, String query, long count, long sizeBytes, Map<String, Object> statistics,
                         String createdBy, String createdAt) {
    }

    /** A hit, without its text (text is for Content Viewers, through a review set). */
    public record Hit(long id, String itemClass, String kind, String custodian, String sender, String recipients,
                      String subject, String sentAt, String conversationId, long sizeBytes, boolean hasAttachments) {
    }

    private static final int TOP = 10;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Cases cases;
    private final EdiscoveryActivity activity;
    private final JsonMapper json;

    public Searches(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, Cases cases, EdiscoveryActivity activity, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.cases = cases;
        this.activity = activity;
        this.json = json;
    }

    @Transactional
    public Search run(long caseId, String query, Authentication user) {
        cases.requireVisible(caseId, user);
        ItemQuerySql.Condition where = ItemQuerySql.where(KqlParser.parse(query));
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        LocalDateTime now = Utc.now();
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    INSERT INTO case_search (case_id, query, item_count, size_bytes, statistics, created_by, created_at)
                    VALUES (?, ?, 0, 0, '{}', ?, ?)""", new String[]{"id"});
            ps.setLong(1, caseId);
            ps.setString(2, query);
            ps.setString(3, user.getName());
            ps.setObject(4, now);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        Map<String, Object> params = new HashMap<>(where.params());
        params.put("searchId", id);
        named.update("INSERT INTO case_search_item (search_id, item_id) SELECT :searchId, i.id FROM mail_item i WHERE "
                + where.sql(), params);
        Map<String, Object> stats = statistics(id);
        long count = ((Number) stats.get("items")).longValue();
        long size = ((Number) stats.get("sizeBytes")).longValue();
        jdbc.update("UPDATE case_search SET item_count = ?, size_bytes = ?, statistics = ? WHERE id = ?", count, size,
                json.writeValueAsString(stats), id);
        activity.auditAndPublish("SearchStarted", "search.run", String.valueOf(id), "info", user.getName(), "search:" + id,
                Map.of("caseId", caseId, "searchId", id, "query", query, "items", count));
        return new Search(id, caseId, query, count, size, stats, user.getName(), Utc.fromDb(now).toString());
    }

    public Search get(long caseId, long searchId, Authentication user) {
        cases.requireVisible(caseId, user);
        List<Search> found = jdbc.query("""
                SELECT id, case_id, query, item_count, size_bytes, statistics, created_by, created_at
                FROM case_search WHERE id = ? AND case_id = ?""", (rs, n) -> new Search(rs.getLong(1), rs.getLong(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), json.readValue(rs.getString(6), new TypeReference<Map<String, Object>>() {
                }), rs.getString(7), Utc.fromDb(rs.getObject(8, LocalDateTime.class)).toString()), searchId, caseId);
        if (found.isEmpty()) {
            throw new NotFoundException("search " + searchId);
        }
        return found.get(0);
    }

    public List<Search> list(long caseId, Authentication user) {
        cases.requireVisible(caseId, user);
        return jdbc.queryForList("SELECT id FROM case_search WHERE case_id = ? ORDER BY id", Long.class, caseId).stream()
                .map(id -> get(caseId, id, user)).toList();
    }

    public List<Hit> hits(long caseId, long searchId, int offset, int limit, Authentication user) {
        get(caseId, searchId, user);
        return jdbc.query("""
                SELECT i.id, i.item_class, i.kind, m.email, i.sender, i.recipients, i.subject, i.sent_at, i.conversation_id,
                       i.size_bytes, i.has_attachments
                FROM case_search_item s JOIN mail_item i ON i.id = s.item_id JOIN mailbox m ON m.id = i.mailbox_id
                WHERE s.search_id = ? ORDER BY i.id LIMIT ? OFFSET ?""", (rs, n) -> new Hit(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                Utc.fromDb(rs.getObject(8, LocalDateTime.class)).toString(), rs.getString(9), rs.getLong(10), rs.getBoolean(11)),
                searchId, Math.max(1, Math.min(limit, 1000)), Math.max(0, offset));
    }

    /** Item count and size, per custodian and ItemClass, top sensitive information types, date span, partially indexed items. */
    Map<String, Object> statistics(long searchId) {
        Map<String, Object> stats = new LinkedHashMap<>();
        jdbc.query("""
                SELECT COUNT(*), COALESCE(SUM(i.size_bytes), 0), COUNT(DISTINCT i.mailbox_id), SUM(i.has_attachments),
                       MIN(i.sent_at), MAX(i.sent_at), COUNT(DISTINCT i.workspace_id, i.conversation_id)
                FROM case_search_item s JOIN mail_item i ON i.id = s.item_id WHERE s.search_id = ?""", rs -> {
            stats.put("items", rs.getLong(1));
            stats.put("sizeBytes", rs.getLong(2));
            stats.put("mailboxes", rs.getLong(3));
            stats.put("itemsWithAttachments", rs.getLong(4));
            LocalDateTime first = rs.getObject(5, LocalDateTime.class);
            LocalDateTime last = rs.getObject(6, LocalDateTime.class);
            stats.put("firstSent", first == null ? null : Utc.fromDb(first).toString());
            stats.put("lastSent", last == null ? null : Utc.fromDb(last).toString());
            stats.put("conversations", rs.getLong(7));
        }, searchId);
        // attachments whose text could not be extracted: their content was not searched (Purview's "partially indexed")
        stats.put("partiallyIndexedItems", jdbc.queryForObject("""
                SELECT COUNT(DISTINCT a.item_id) FROM case_search_item s JOIN attachment a ON a.item_id = s.item_id
                WHERE s.search_id = ? AND a.extraction_status <> 'EXTRACTED'""", Long.class, searchId));
        stats.put("custodians", jdbc.query("""
                SELECT m.email, COUNT(*), SUM(i.size_bytes) FROM case_search_item s JOIN mail_item i ON i.id = s.item_id
                JOIN mailbox m ON m.id = i.mailbox_id WHERE s.search_id = ? GROUP BY m.email ORDER BY COUNT(*) DESC, m.email""",
                (rs, n) -> row("custodian", rs.getString(1), "items", rs.getLong(2), "sizeBytes", rs.getLong(3)), searchId));
        stats.put("itemClasses", jdbc.query("""
                SELECT i.item_class, COUNT(*) FROM case_search_item s JOIN mail_item i ON i.id = s.item_id
                WHERE s.search_id = ? GROUP BY i.item_class ORDER BY COUNT(*) DESC, i.item_class""",
                (rs, n) -> row("itemClass", rs.getString(1), "items", rs.getLong(2)), searchId));
        stats.put("topSensitiveTypes", jdbc.query("SELECT x." + SensitiveTypeMatches.SIT_ID + ", COUNT(DISTINCT x."
                + SensitiveTypeMatches.ITEM_ID + "), SUM(x." + SensitiveTypeMatches.COUNT + ") FROM case_search_item s JOIN "
                + SensitiveTypeMatches.TABLE + " x ON x." + SensitiveTypeMatches.ITEM_ID + " = s.item_id WHERE s.search_id = ? "
                + "GROUP BY x." + SensitiveTypeMatches.SIT_ID + " ORDER BY 2 DESC, 1 LIMIT " + TOP,
                (rs, n) -> row("sensitiveType", rs.getString(1), "items", rs.getLong(2), "matches", rs.getLong(3)), searchId));
        return stats;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}

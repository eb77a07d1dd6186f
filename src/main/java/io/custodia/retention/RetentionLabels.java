package io.custodia.retention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.support.Utc;

/**
 * Retention labels and their explicit application to items or whole conversations (one label per item
 * or conversation; applying another replaces it). Every change is audited in its transaction.
 */
@Component
public class RetentionLabels {

    public record LabelRequest(String name, String action, Integer days, String basis, Boolean deleteAtSource) {
    }

    /** Item ids and/or conversation ids. */
    public record Targets(List<Long> items, List<String> conversations) {
    }

    private static final int MAX_TARGETS = 10_000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final RetentionAudit audit;

    public RetentionLabels(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, RetentionAudit audit) {
        this.jdbc = jdbc;
        this.named = named;
        this.audit = audit;
    }

    @Transactional
    public long create(LabelRequest r, String user) {
        if (r == null) {
            throw new IllegalArgumentException("a label needs a JSON body");
        }
        String name = RetentionPolicies.name(r.name(), "label");
        RetentionPolicies.Settings s = RetentionPolicies.settings(r.action(), r.days(), r.basis(), r.deleteAtSource());
        Long same = jdbc.queryForObject("SELECT COUNT(*) FROM retention_label WHERE name = ? AND deleted_at IS NULL", Long.class, name);
        if (same != null && same > 0) {
            throw RetentionApiException.conflict("a retention label named '" + name + "' already exists");
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    INSERT INTO retention_label (name, action, days, basis, delete_at_source, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"});
            ps.setString(1, name);
            ps.setString(2, s.action().json());
            ps.setObject(3, s.days());
            ps.setString(4, s.basis().json());
            ps.setBoolean(5, s.deleteAtSource());
            ps.setString(6, user);
            ps.setObject(7, Utc.now());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        audit.adminAction("RetentionLabelCreated", "create", user, new RetentionAudit.Target("retentionLabel", id, name), get(id),
                RetentionAudit.POLICY_CHANGED);
        return id;
    }

    public List<Map<String, Object>> list() {
        return jdbc.query("SELECT * FROM retention_label WHERE deleted_at IS NULL ORDER BY id", (rs, n) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", rs.getLong("id"));
            l.put("name", rs.getString("name"));
            l.put("action", rs.getString("action"));
            int days = rs.getInt("days");
            l.put("days", rs.wasNull() ? null : days);
            l.put("basis", rs.getString("basis"));
            l.put("deleteAtSource", rs.getBoolean("delete_at_source"));
            l.put("createdBy", rs.getString("created_by"));
            return l;
        });
    }

    public Map<String, Object> get(long id) {
        return list().stream().filter(l -> ((Long) l.get("id")) == id).findFirst()
                .orElseThrow(() -> RetentionApiException.notFound("retention label " + id));
    }

    /** Deletes a label that is applied nowhere. */
    @Transactional
    public void delete(long id, String user) {
        Map<String, Object> label = get(id);
        long items = jdbc.queryForObject("SELECT COUNT(*) FROM retention_label_item WHERE label_id = ?", Long.class, id);
        long conversations = jdbc.queryForObject("SELECT COUNT(*) FROM retention_label_conversation WHERE label_id = ?",
                Long.class, id);
        if (items + conversations > 0) {
            throw RetentionApiException.conflict("label " + id + " is applied to " + items + " items and " + conversations
                    + " conversations: remove it from them first");
        }
        jdbc.update("UPDATE retention_label SET deleted_at = ? WHERE id = ?", Utc.now(), id);
        audit.adminAction("RetentionLabelDeleted", "delete", user, new RetentionAudit.Target("retentionLabel", id,
                (String) label.get("name")), label, RetentionAudit.POLICY_CHANGED);
    }

    /** Applies label {@code id} to items and conversations (replacing the label they had). */
    @Transactional
    public Map<String, Object> apply(long id, Targets targets, String user) {
        Map<String, Object> label = get(id);
        Resolved t = resolve(targets);
        var now = Utc.now();
        if (!t.items().isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO retention_label_item (item_id, label_id, applied_by, applied_at) VALUES (?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE label_id = VALUES(label_id), applied_by = VALUES(applied_by),
                                            applied_at = VALUES(applied_at)""",
                    t.items().stream().map(i -> new Object[]{i, id, user, now}).toList());
        }
        if (!t.conversations().isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO retention_label_conversation (workspace_id, conversation_id, label_id, applied_by, applied_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE label_id = VALUES(label_id), applied_by = VALUES(applied_by),
                                            applied_at = VALUES(applied_at)""",
                    t.conversations().stream().map(c -> new Object[]{c[0], c[1], id, user, now}).toList());
        }
        Map<String, Object> result = counts(t);
        Map<String, Object> details = new LinkedHashMap<>(result);
        details.put("label", label);
        details.put("itemIds", sample(t.items()));
        details.put("conversationIds", sample(t.conversations().stream().map(c -> c[1]).toList()));
        audit.adminAction("RetentionLabelApplied", "update", user, new RetentionAudit.Target("retentionLabel", id,
                (String) label.get("name")), details, RetentionAudit.ADMIN_ACTION);
        return result;
    }

    /** Removes whatever label the items and conversations have. */
    @Transactional
    public Map<String, Object> remove(Targets targets, String user) {
        Resolved t = resolve(targets);
        if (!t.items().isEmpty()) {
            named.update("DELETE FROM retention_label_item WHERE item_id IN (:ids)", new MapSqlParameterSource("ids", t.items()));
        }
        if (!t.conversations().isEmpty()) {
            jdbc.batchUpdate("DELETE FROM retention_label_conversation WHERE workspace_id = ? AND conversation_id = ?",
                    t.conversations().stream().map(c -> new Object[]{c[0], c[1]}).toList());
        }
        Map<String, Object> result = counts(t);
        Map<String, Object> details = new LinkedHashMap<>(result);
        details.put("itemIds", sample(t.items()));
        details.put("conversationIds", sample(t.conversations().stream().map(c -> c[1]).toList()));
        audit.adminAction("RetentionLabelRemoved", "update", user, new RetentionAudit.Target("retentionLabel", null, null),
                details, RetentionAudit.ADMIN_ACTION);
        return result;
    }

    private record Resolved(List<Long> items, List<String[]> conversations) {
    }

    /** Checks that every item and conversation exists (live or recoverable); conversations get their workspace. */
    private Resolved resolve(Targets targets) {
        if (targets == null) {
            throw new IllegalArgumentException("name the targets: {\"items\":[ids],\"conversations\":[ids]}");
        }
        List<Long> items = targets.items() == null ? List.of() : List.copyOf(new LinkedHashSet<>(targets.items()));
        List<String> convs = targets.conversations() == null ? List.of() : List.copyOf(new LinkedHashSet<>(targets.conversations()));
        if (items.isEmpty() && convs.isEmpty()) {
            throw new IllegalArgumentException("name at least one item or conversation: {\"items\":[ids],\"conversations\":[ids]}");
        }
        if (items.size() + convs.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("at most " + MAX_TARGETS + " items and conversations per request");
        }
        if (!items.isEmpty()) {
            Set<Long> known = new java.util.HashSet<>(named.queryForList("""
                    SELECT id FROM mail_item WHERE id IN (:ids) UNION SELECT id FROM recoverable_item WHERE id IN (:ids)""",
                    new MapSqlParameterSource("ids", items), Long.class));
            List<Long> unknown = items.stream().filter(i -> !known.contains(i)).limit(20).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("no such items: " + unknown);
            }
        }
        List<String[]> conversations = new ArrayList<>();
        if (!convs.isEmpty()) {
            Set<String> found = new java.util.HashSet<>();
            named.query("""
                    SELECT DISTINCT workspace_id, conversation_id FROM conversation WHERE conversation_id IN (:ids)""",
                    new MapSqlParameterSource("ids", convs), rs -> {
                        conversations.add(new String[]{rs.getString(1), rs.getString(2)});
                        found.add(rs.getString(2));
                    });
            List<String> unknown = convs.stream().filter(c -> !found.contains(c)).limit(20).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("no such conversations: " + unknown);
            }
        }
        return new Resolved(items, conversations);
    }

    private static Map<String, Object> counts(Resolved t) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", t.items().size());
        result.put("conversations", t.conversations().size());
        return result;
    }

    private static <T> List<T> sample(List<T> values) {
        return values.size() <= 100 ? values : values.subList(0, 100);
    }
}

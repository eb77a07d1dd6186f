package io.custodia.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custodia.support.Utc;

/**
 * Retention policies for the location "Enterprise AI apps": create, change, delete (kept, marked
 * deleted, so past decisions stay explainable). Every change is validated precisely, audited and
 * published ({@code retention.policy.changed}) in the transaction that makes it.
 */
@Component
public class RetentionPolicies {

    static final int MAX_DAYS = 36_500;

    /** {@code {"all":true}}, {@code {"users":[emails]}} or {@code {"workspaces":[ids]}}. */
    public record Scope(Boolean all, List<String> users, List<String> workspaces) {
    }

    public record PolicyRequest(String name, Scope scope, String action, Integer days, String basis,
                                Boolean deleteAtSource) {
    }

    private record Valid(String name, String kind, List<String> members, RetentionAction action, Integer days,
                         RetentionBasis basis, boolean deleteAtSource) {
    }

    private final JdbcTemplate jdbc;
    private final RetentionAudit audit;

    public RetentionPolicies(JdbcTemplate jdbc, RetentionAudit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public long create(PolicyRequest request, String user) {
        Valid v = validate(request);
        requireUniqueName(v.name(), null);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("""
                    INSERT INTO retention_policy (name, scope_kind, action, days, basis, delete_at_source, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"});
            ps.setString(1, v.name());
            ps.setString(2, v.kind());
            ps.setString(3, v.action().json());
            ps.setObject(4, v.days());
            ps.setString(5, v.basis().json());
            ps.setBoolean(6, v.deleteAtSource());
            ps.setString(7, user);
            ps.setObject(8, Utc.now());
            return ps;
        }, key);
        long id = key.getKey().longValue();
        insertScope(id, v);
        audit.adminAction("RetentionPolicyCreated", "create", user, new RetentionAudit.Target("retentionPolicy", id, v.name()),
                get(id), RetentionAudit.POLICY_CHANGED);
        return id;
    }

    @Transactional
    public void update(long id, PolicyRequest request, String user) {
        Map<String, Object> before = get(id);
        Valid v = validate(request);
        requireUniqueName(v.name(), id);
        jdbc.update("""
                UPDATE retention_policy SET name = ?, scope_kind = ?, action = ?, days = ?, basis = ?, delete_at_source = ?,
                       updated_by = ?, updated_at = ?
                WHERE id = ?""", v.name(), v.kind(), v.action().json(), v.days(), v.basis().json(), v.deleteAtSource(),
                user, Utc.now(), id);
        jdbc.update("DELETE FROM retention_policy_scope WHERE policy_id = ?", id);
        insertScope(id, v);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", before);
        details.put("after", get(id));
        audit.adminAction("RetentionPolicyUpdated", "update", user, new RetentionAudit.Target("retentionPolicy", id, v.name()),
                details, RetentionAudit.POLICY_CHANGED);
    }

    @Transactional
    public void delete(long id, String user) {
        Map<String, Object> before = get(id);
        jdbc.update("UPDATE retention_policy SET deleted_at = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                Utc.now(), user, Utc.now(), id);
        audit.adminAction("RetentionPolicyDeleted", "delete", user, new RetentionAudit.Target("retentionPolicy", id,
                (String) before.get("name")), before, RetentionAudit.POLICY_CHANGED);
    }

    public List<Map<String, Object>> list() {
        Map<Long, Map<String, List<String>>> scopes = scopes(null);
        return jdbc.query("SELECT * FROM retention_policy WHERE deleted_at IS NULL ORDER BY id",
                (rs, n) -> row(rs, scopes.getOrDefault(rs.getLong("id"), Map.of())));
    }

    /** An active policy as the API shows it. */
    public Map<String, Object> get(long id) {
        List<Map<String, Object>> rows = jdbc.query("SELECT * FROM retention_policy WHERE id = ? AND deleted_at IS NULL",
                (rs, n) -> row(rs, scopes(id).getOrDefault(id, Map.of())), id);
        if (rows.isEmpty()) {
            throw RetentionApiException.notFound("retention policy " + id);
        }
        return rows.get(0);
    }

    private void insertScope(long id, Valid v) {
        if (!v.members().isEmpty()) {
            String kind = "users".equals(v.kind()) ? "user" : "workspace";
            jdbc.batchUpdate("INSERT INTO retention_policy_scope (policy_id, kind, value) VALUES (?, ?, ?)",
                    v.members().stream().map(m -> new Object[]{id, kind, m}).toList());
        }
    }

    private void requireUniqueName(String name, Long except) {
        Long same = jdbc.queryForObject("SELECT COUNT(*) FROM retention_policy WHERE name = ? AND deleted_at IS NULL AND id <> ?",
                Long.class, name, except == null ? -1 : except);
        if (same != null && same > 0) {
            throw RetentionApiException.conflict("a retention policy named '" + name + "' already exists");
        }
    }

    private Map<Long, Map<String, List<String>>> scopes(Long only) {
        Map<Long, Map<String, List<String>>> scopes = new HashMap<>();
        jdbc.query("SELECT policy_id, kind, value FROM retention_policy_scope" + (only == null ? "" : " WHERE policy_id = " + only)
                + " ORDER BY policy_id, kind, value", rs -> {
            scopes.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                    .computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
        });
        return scopes;
    }

    private static Map<String, Object> row(ResultSet rs, Map<String, List<String>> members) throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", rs.getLong("id"));
        p.put("name", rs.getString("name"));
        String kind = rs.getString("scope_kind");
        p.put("scope", switch (kind) {
            case "all" -> Map.of("all", true);
            case "users" -> Map.of("users", members.getOrDefault("user", List.of()));
            default -> Map.of("workspaces", members.getOrDefault("workspace", List.of()));
        });
        p.put("action", rs.getString("action"));
        int days = rs.getInt("days");
        p.put("days", rs.wasNull() ? null : days);
        p.put("basis", rs.getString("basis"));
        p.put("deleteAtSource", rs.getBoolean("delete_at_source"));
        p.put("createdBy", rs.getString("created_by"));
        p.put("createdAt", instant(rs, "created_at"));
        p.put("updatedBy", rs.getString("updated_by"));
        p.put("updatedAt", instant(rs, "updated_at"));
        return p;
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : Utc.fromDb(t).toString();
    }

    private static Valid validate(PolicyRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("a policy needs a JSON body");
        }
        String name = name(r.name(), "policy");
        Scope scope = r.scope();
        if (scope == null) {
            throw new IllegalArgumentException("scope is required: {\"all\":true}, {\"users\":[emails]} or {\"workspaces\":[ids]}");
        }
        int forms = (Boolean.TRUE.equals(scope.all()) ? 1 : 0) + (scope.users() != null ? 1 : 0) + (scope.workspaces() != null ? 1 : 0);
        if (forms != 1) {
            throw new IllegalArgumentException("scope must be exactly one of {\"all\":true}, {\"users\":[emails]} or {\"workspaces\":[ids]}");
        }
        String kind;
        List<String> members;
        if (Boolean.TRUE.equals(scope.all())) {
            kind = "all";
            members = List.of();
        } else if (scope.users() != null) {
            kind = "users";
            members = members(scope.users(), "scope.users", 320, true);
        } else {
            kind = "workspaces";
            members = members(scope.workspaces(), "scope.workspaces", 64, false);
        }
        Settings s = settings(r.action(), r.days(), r.basis(), r.deleteAtSource());
        return new Valid(name, kind, members, s.action(), s.days(), s.basis(), s.deleteAtSource());
    }

    /** The validated settings shared by policies and labels. */
    record Settings(RetentionAction action, Integer days, RetentionBasis basis, boolean deleteAtSource) {
    }

    static Settings settings(String actionValue, Integer days, String basisValue, Boolean deleteAtSource) {
        if (actionValue == null) {
            throw new IllegalArgumentException("action is required: retain, delete or retainThenDelete");
        }
        RetentionAction action = RetentionAction.parse(actionValue);
        if (days == null && action.deletes()) {
            throw new IllegalArgumentException("days is required for action " + action.json()
                    + " (only retain may omit it, meaning forever)");
        }
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        RetentionBasis basis = RetentionBasis.parse(basisValue);
        boolean source = Boolean.TRUE.equals(deleteAtSource);
        if (source && !action.deletes()) {
            throw new IllegalArgumentException("deleteAtSource needs an action that deletes (delete or retainThenDelete)");
        }
        return new Settings(action, days, basis, source);
    }

    static String name(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + what + " needs a name");
        }
        if (name.length() > 255) {
            throw new IllegalArgumentException("name must be at most 255 characters");
        }
        return name.strip();
    }

    private static List<String> members(List<String> values, String field, int max, boolean email) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(field + " must not contain blank values");
            }
            String s = v.strip();
            if (email) {
                if (!s.contains("@")) {
                    throw new IllegalArgumentException(field + ": '" + s + "' is not an e-mail address");
                }
                s = s.toLowerCase(Locale.ROOT);
            }
            if (s.length() > max) {
                throw new IllegalArgumentException(field + ": '" + s + "' is longer than " + max + " characters");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}

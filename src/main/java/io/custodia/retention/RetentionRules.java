package io.custodia.retention;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Loads the active policies and labels as a {@link Snapshot}: a disposition run works with the rules as
 * they were when its step started, whatever is edited meanwhile.
 */
@Component
public class RetentionRules {

    private final JdbcTemplate jdbc;

    public RetentionRules(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Snapshot load() {
        Map<Long, List<String[]>> scopes = new HashMap<>();
        jdbc.query("SELECT policy_id, kind, value FROM retention_policy_scope", rs -> {
            scopes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new String[]{rs.getString(2), rs.getString(3)});
        });
        List<RetentionRule> org = new ArrayList<>();
        Map<String, List<RetentionRule>> byUser = new HashMap<>();
        Map<String, List<RetentionRule>> byWorkspace = new HashMap<>();
        jdbc.query("""
                SELECT id, name, scope_kind, action, days, basis, delete_at_source FROM retention_policy
                WHERE deleted_at IS NULL ORDER BY id""", rs -> {
            long id = rs.getLong("id");
            String kind = rs.getString("scope_kind");
            int days = rs.getInt("days");
            Integer d = rs.wasNull() ? null : days;
            RetentionRule rule = new RetentionRule("policy", id, rs.getString("name"),
                    "users".equals(kind) ? RuleLevel.USER_POLICY : RuleLevel.ORG_POLICY,
                    RetentionAction.parse(rs.getString("action")), d, RetentionBasis.parse(rs.getString("basis")),
                    rs.getBoolean("delete_at_source"));
            switch (kind) {
                case "all" -> org.add(rule);
                case "users" -> scopes.getOrDefault(id, List.of()).forEach(s ->
                        byUser.computeIfAbsent(s[1], k -> new ArrayList<>()).add(rule));
                case "workspaces" -> scopes.getOrDefault(id, List.of()).forEach(s ->
                        byWorkspace.computeIfAbsent(s[1], k -> new ArrayList<>()).add(rule));
                default -> throw new IllegalStateException("policy " + id + " has unknown scope kind " + kind);
            }
        });
        Map<Long, RetentionRule> labels = new HashMap<>();
        jdbc.query("SELECT id, name, action, days, basis, delete_at_source FROM retention_label WHERE deleted_at IS NULL",
                rs -> {
                    int days = rs.getInt("days");
                    Integer d = rs.wasNull() ? null : days;
                    labels.put(rs.getLong("id"), new RetentionRule("label", rs.getLong("id"), rs.getString("name"),
                            RuleLevel.LABEL, RetentionAction.parse(rs.getString("action")), d,
                            RetentionBasis.parse(rs.getString("basis")), rs.getBoolean("delete_at_source")));
                });
        return new Snapshot(List.copyOf(org), byUser, byWorkspace, labels);
    }

    /** The active rules, indexed by what they cover. */
    public record Snapshot(List<RetentionRule> orgWide, Map<String, List<RetentionRule>> byUser,
                           Map<String, List<RetentionRule>> byWorkspace, Map<Long, RetentionRule> labels) {

        /** Every rule that covers the item: its label, policies scoped to its user or workspace, org-wide policies. */
        public List<RetentionRule> rulesFor(ItemFacts item) {
            List<RetentionRule> rules = new ArrayList<>();
            Long label = item.labelId();
            if (label != null && labels.containsKey(label)) {
                rules.add(labels.get(label));
            }
            if (item.email() != null) {
                rules.addAll(byUser.getOrDefault(item.email().toLowerCase(Locale.ROOT), List.of()));
            }
            rules.addAll(byWorkspace.getOrDefault(item.workspaceId(), List.of()));
            rules.addAll(orgWide);
            return rules;
        }

        public boolean isEmpty() {
            return orgWide.isEmpty() && byUser.isEmpty() && byWorkspace.isEmpty() && labels.isEmpty();
        }
    }
}

package io.custodia.retention;

/**
 * How explicitly a rule names an item, most explicit first (principle 3 of reference/purview.md §3.2):
 * a label applied to the item or its conversation beats a policy scoped to the item's user, which beats
 * an org-wide (all users, or whole workspaces) policy.
 */
public enum RuleLevel {
    LABEL("retention label (explicit)"),
    USER_POLICY("policy scoped to the user (explicit)"),
    ORG_POLICY("org-wide policy (implicit)");

    private final String description;

    RuleLevel(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

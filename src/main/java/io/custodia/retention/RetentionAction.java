package io.custodia.retention;

/** What a policy or label does with the items it covers (reference/purview.md §3.1). */
public enum RetentionAction {
    /** Keep for the period (or forever); nothing happens at its end. */
    RETAIN("retain"),
    /** Delete at the end of the period; nothing is kept before. */
    DELETE("delete"),
    /** Keep for the period, then delete. */
    RETAIN_THEN_DELETE("retainThenDelete");

    private final String json;

    RetentionAction(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public boolean retains() {
        return this != DELETE;
    }

    public boolean deletes() {
        return this != RETAIN;
    }

    public static RetentionAction parse(String value) {
        for (RetentionAction a : values()) {
            if (a.json.equals(value) || a.name().equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action must be one of retain, delete, retainThenDelete; was '" + value + "'");
    }
}

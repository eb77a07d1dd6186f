package io.custodia.retention;

/** From when a retention period is counted. */
public enum RetentionBasis {
    /** The item's creation (when the prompt or response was sent). */
    CREATED("created"),
    /** The last activity in the item's conversation. */
    LAST_ACTIVITY("lastActivity");

    private final String json;

    RetentionBasis(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static RetentionBasis parse(String value) {
        if (value == null) {
            return CREATED;
        }
        for (RetentionBasis b : values()) {
            if (b.json.equals(value) || b.name().equals(value)) {
                return b;
            }
        }
        throw new IllegalArgumentException("basis must be created or lastActivity; was '" + value + "'");
    }
}

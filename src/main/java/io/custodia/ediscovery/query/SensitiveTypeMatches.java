package io.custodia.ediscovery.query;

/**
 * Where the per-item sensitive information type matches live. The classification capability owns the
 * table; eDiscovery reads it for {@code SensitiveType:} and for the "top SITs" of search statistics.
 * This is the only place that names it: align it here if the classification schema differs.
 */
public final class SensitiveTypeMatches {

    /** One row per item and SIT (V31 view over classification's item_sit_match): matches summed, highest confidence. */
    public static final String TABLE = "item_sit_summary";
    public static final String ITEM_ID = "item_id";
    public static final String SIT_ID = "sit_id";
    public static final String COUNT = "count";
    public static final String CONFIDENCE = "confidence";

    private SensitiveTypeMatches() {
    }
}

package io.custodia.feeds;

import java.util.Arrays;
import java.util.List;

/** How a feed renders events. */
public enum FeedFormat {
    /** Custodia's own JSON: the outbox event as published. */
    JSON("json"),
    /** OCSF 1.8.0: API Activity (6003) with the ai_operation profile, Data Security Finding (2006) for detections. */
    OCSF("ocsf"),
    /** ArcSight Common Event Format, one line per event. */
    CEF("cef"),
    /** Splunk HTTP Event Collector envelopes around Custodia JSON. */
    HEC("hec"),
    /** Microsoft Purview's unified audit log record shape. */
    PURVIEW("purview");

    private final String id;

    FeedFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean isJson() {
        return this != CEF;
    }

    static FeedFormat parse(String value, String where) {
        for (FeedFormat f : values()) {
            if (f.id.equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + names() + ", was " + value);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(FeedFormat::id).toList();
    }
}

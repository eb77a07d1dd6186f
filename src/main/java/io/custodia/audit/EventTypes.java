package io.custodia.audit;

import java.util.List;

/**
 * Names and severities of outbox events (docs/feeds.md, "Event types"). A type is
 * {@code <subject>.<past-tense verb>}, lower case; feeds filter on these names, so they are stable.
 * Feeds render any type, known or not (unknown types get the generic mapping of each format).
 */
public final class EventTypes {

    /** One prompt plus the response to it was captured (published by ingest, one per response). */
    public static final String INTERACTION_CAPTURED = "interaction.captured";
    /** Sensitive information found in a prompt, response or attachment (classification). */
    public static final String SENSITIVE_DETECTED = "sensitive.detected";
    /** An insider-risk or communication-compliance alert (risk). */
    public static final String ALERT_RAISED = "alert.raised";
    /** An item deleted by a retention policy or a remediation (retention). */
    public static final String ITEM_DISPOSED = "item.disposed";
    public static final String HOLD_CREATED = "hold.created";
    public static final String HOLD_RELEASED = "hold.released";
    public static final String SEARCH_RUN = "search.run";
    public static final String EXPORT_COMPLETED = "export.completed";
    /** Someone read prompt/response text through the hub. */
    public static final String CONTENT_VIEWED = "content.viewed";
    /** A policy (retention, classification, risk, roles …) was created, changed or deleted. */
    public static final String POLICY_CHANGED = "policy.changed";
    /** Any other administrative action (the payload's {@code action}/{@code object} say which). */
    public static final String ADMIN_ACTION = "admin.action";
    /** A collection stream went down, came back, or its key was refused. */
    public static final String SOURCE_HEALTH_CHANGED = "source.health.changed";

    public static final List<String> KNOWN = List.of(INTERACTION_CAPTURED, SENSITIVE_DETECTED, ALERT_RAISED,
            ITEM_DISPOSED, HOLD_CREATED, HOLD_RELEASED, SEARCH_RUN, EXPORT_COMPLETED, CONTENT_VIEWED, POLICY_CHANGED,
            ADMIN_ACTION, SOURCE_HEALTH_CHANGED);

    /** Severities, lowest first. */
    public static final String INFO = "info";
    public static final String LOW = "low";
    public static final String MEDIUM = "medium";
    public static final String HIGH = "high";
    public static final String CRITICAL = "critical";
    public static final List<String> SEVERITIES = List.of(INFO, LOW, MEDIUM, HIGH, CRITICAL);

    private EventTypes() {
    }

    /** Rank of a severity (0 = info … 4 = critical); unknown values rank as info. */
    public static int rank(String severity) {
        int i = severity == null ? -1 : SEVERITIES.indexOf(severity.toLowerCase());
        return Math.max(i, 0);
    }
}

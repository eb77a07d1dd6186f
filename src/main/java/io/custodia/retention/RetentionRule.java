package io.custodia.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * One retention setting that applies to an item: a policy whose scope covers it or the label applied to
 * it.
 *
 * @param source         {@code policy} or {@code label}
 * @param days           length of the period; null = forever (retain only)
 * @param deleteAtSource the rule also asks to delete the conversation in ChatGPT Enterprise
 */
public record RetentionRule(String source, long id, String name, RuleLevel level, RetentionAction action,
                            Integer days, RetentionBasis basis, boolean deleteAtSource) {

    public RetentionRule {
        if (days == null && action.deletes()) {
            throw new IllegalArgumentException("a rule that deletes needs a number of days");
        }
    }

    /** The end of the period for an item, or null for forever. */
    public Instant end(Instant created, Instant lastActivity) {
        if (days == null) {
            return null;
        }
        Instant start = basis == RetentionBasis.LAST_ACTIVITY && lastActivity != null ? lastActivity : created;
        return start.plus(Duration.ofDays(days));
    }

    /** How people see the rule, e.g. {@code policy 3 'Delete after 30 days'}. */
    public String label() {
        return source + " " + id + " '" + name + "'";
    }

    /** What it does, e.g. {@code delete 30 days after creation}. */
    public String describe() {
        String period = days == null ? "forever" : days + " days after " + (basis == RetentionBasis.CREATED ? "creation" : "last activity");
        return switch (action) {
            case RETAIN -> "retain " + period;
            case DELETE -> "delete " + period;
            case RETAIN_THEN_DELETE -> "retain, then delete " + period;
        };
    }
}

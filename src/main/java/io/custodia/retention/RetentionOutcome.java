package io.custodia.retention;

import java.time.Instant;
import java.util.List;

/**
 * What the principles of retention decide for one item at a point in time, and why.
 *
 * @param retainUntil   end of the longest retention (null: none, or forever — see {@code retainForever})
 * @param deleteAt      when the item becomes due for deletion (null: never)
 * @param retainingRule the rule whose retention lasts longest
 * @param deletingRule  the rule whose deletion applies (its {@code deleteAtSource} counts)
 * @param chain         the rules and principles that decided, in order
 */
public record RetentionOutcome(Decision decision, Instant retainUntil, boolean retainForever, Instant deleteAt,
                               RetentionRule retainingRule, RetentionRule deletingRule, List<Step> chain) {

    public enum Decision {
        /** No policy or label applies: the item stays. */
        NO_RULE,
        /** Retained, or not yet due for deletion: the item stays. */
        RETAIN,
        /** Due for deletion: it moves to the recoverable area, then is purged. */
        EXPIRED,
        /** Due for deletion but under a hold: it stays and is never purged while held. */
        HELD
    }

    /** One link of the explanation: which principle (or "applies", "hold", "result") and what it found. */
    public record Step(String principle, String finding) {
    }

    public boolean expired() {
        return decision == Decision.EXPIRED;
    }
}

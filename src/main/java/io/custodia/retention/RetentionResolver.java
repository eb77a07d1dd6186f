package io.custodia.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.custodia.retention.RetentionOutcome.Decision;
import io.custodia.retention.RetentionOutcome.Step;

/**
 * Purview's principles of retention (reference/purview.md §3.2), applied in order to the rules that
 * cover an item:
 * <ol>
 *   <li>retention wins over deletion — nothing is deleted before the longest retention ends;</li>
 *   <li>the longest retention period wins;</li>
 *   <li>explicit wins over implicit for deletion — a label's deletion beats a user-scoped policy's, which
 *       beats an org-wide policy's;</li>
 *   <li>the shortest deletion period wins among rules of the same level;</li>
 * </ol>
 * and nothing under a hold is ever purged. A pure function: the disposition job and the explanation
 * endpoint ({@code GET /api/v1/items/{id}/retention}) both call it, so they cannot disagree.
 */
public final class RetentionResolver {

    public static final String APPLIES = "applies";
    public static final String P1 = "1. retention wins over deletion";
    public static final String P2 = "2. the longest retention period wins";
    public static final String P3 = "3. explicit inclusion wins over implicit";
    public static final String P4 = "4. the shortest deletion period wins";
    public static final String HOLD = "hold";
    public static final String RESULT = "result";

    public RetentionOutcome resolve(List<RetentionRule> rules, Instant created, Instant lastActivity, boolean held,
                                    Instant asOf) {
        List<Step> chain = new ArrayList<>();
        if (rules.isEmpty()) {
            chain.add(new Step(RESULT, "no retention policy or label applies: the item stays"));
            return new RetentionOutcome(Decision.NO_RULE, null, false, null, null, null, chain);
        }
        for (RetentionRule r : rules) {
            Instant end = r.end(created, lastActivity);
            chain.add(new Step(APPLIES, r.label() + ", " + r.level().description() + ": " + r.describe()
                    + (end == null ? "" : " (" + end + ")")));
        }

        // principle 2: the longest retention
        RetentionRule retaining = null;
        Instant retainUntil = null;
        boolean forever = false;
        List<RetentionRule> retainers = rules.stream().filter(r -> r.action().retains()).toList();
        for (RetentionRule r : retainers) {
            Instant end = r.end(created, lastActivity);
            if (forever) {
                continue;
            }
            if (end == null) {
                forever = true;
                retaining = r;
                retainUntil = null;
            } else if (retainUntil == null || end.isAfter(retainUntil)) {
                retainUntil = end;
                retaining = r;
            }
        }
        if (retainers.size() > 1) {
            chain.add(new Step(P2, retaining.label() + " retains longest (" + (forever ? "forever" : "until " + retainUntil)
                    + ") among " + labels(retainers)));
        }

        // principles 3 and 4: which deletion applies
        RetentionRule deleting = null;
        Instant deleteAt = null;
        List<RetentionRule> deleters = rules.stream().filter(r -> r.action().deletes()).toList();
        if (!deleters.isEmpty()) {
            RuleLevel top = deleters.stream().map(RetentionRule::level).min(Comparator.naturalOrder()).orElseThrow();
            List<RetentionRule> candidates = deleters.stream().filter(r -> r.level() == top).toList();
            List<RetentionRule> overridden = deleters.stream().filter(r -> r.level() != top).toList();
            if (!overridden.isEmpty()) {
                chain.add(new Step(P3, "the deletion of the " + top.description() + " " + labels(candidates)
                        + " is used, not that of " + labels(overridden)));
            }
            deleting = candidates.stream().min(Comparator.comparing(r -> r.end(created, lastActivity))).orElseThrow();
            deleteAt = deleting.end(created, lastActivity);
            if (candidates.size() > 1) {
                chain.add(new Step(P4, deleting.label() + " deletes first (" + deleteAt + ") among " + labels(candidates)));
            }
            // principle 1: never before the longest retention ends
            if (forever) {
                chain.add(new Step(P1, retaining.label() + " retains forever, so " + deleting.label() + " never deletes it"));
                deleteAt = null;
            } else if (retainUntil != null && retainUntil.isAfter(deleteAt)) {
                chain.add(new Step(P1, deleting.label() + " would delete it on " + deleteAt + " but " + retaining.label()
                        + " retains it until " + retainUntil + ": it is deleted then"));
                deleteAt = retainUntil;
            }
        }

        Decision decision;
        if (deleteAt == null) {
            decision = Decision.RETAIN;
            chain.add(new Step(RESULT, forever ? "retained forever"
                    : "retained until " + retainUntil + "; no rule deletes it, so it stays after that"));
        } else if (deleteAt.isAfter(asOf)) {
            decision = Decision.RETAIN;
            chain.add(new Step(RESULT, "stays until " + deleteAt + ", then is deleted"));
        } else if (held) {
            decision = Decision.HELD;
            chain.add(new Step(HOLD, "due for deletion since " + deleteAt
                    + " but under a hold: it stays and is never purged while the hold lasts"));
        } else {
            decision = Decision.EXPIRED;
            chain.add(new Step(RESULT, "due for deletion since " + deleteAt
                    + ": moves to the recoverable area and is purged after the grace period"));
        }
        return new RetentionOutcome(decision, retainUntil, forever, deleteAt, retaining, deleting, List.copyOf(chain));
    }

    private static String labels(List<RetentionRule> rules) {
        return rules.stream().map(RetentionRule::label).collect(Collectors.joining(", "));
    }
}

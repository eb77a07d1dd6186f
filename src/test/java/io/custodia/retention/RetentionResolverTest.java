package io.custodia.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.custodia.retention.RetentionOutcome.Decision;

/**
 * Decision table of the principles of retention: each principle on its own and each pair of
 * conflicting rules (actions retain / delete / retain-then-delete, levels label / user policy / org
 * policy), plus holds and the two bases.
 *
 * <p>Rules are written {@code level:action:days[:basis]}: level L (label), U (user-scoped policy), O
 * (org-wide policy); action R (retain), D (delete), RD (retain then delete); days a number or
 * {@code forever}. The item was created on day 0 and its conversation was last active on day 100; all
 * days count from day 0.
 */
class RetentionResolverTest {

    static final Instant CREATED = Instant.parse("2026-01-05T00:00:00Z");
    static final Instant LAST_ACTIVITY = CREATED.plus(Duration.ofDays(100));

    @ParameterizedTest(name = "[{index}] {0} held={1} asOf=day {2} → {3}, deleted on {4}, by {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # rules                           | held  | asOf   | decision | deleteAt | principle that decided
            ''                                | false | 10000  | NO_RULE  | never    | result
            O:D:30                            | false | 31     | EXPIRED  | 30       | result
            O:D:30                            | false | 29     | RETAIN   | 30       | result
            O:RD:100                          | false | 100    | EXPIRED  | 100      | result
            O:R:forever                       | false | 100000 | RETAIN   | never    | result
            O:R:100                           | false | 200    | RETAIN   | never    | result
            # 1. retention wins over deletion (the issue's case: delete 30 days for all, retain 10 years for one user)
            O:D:30 ; U:R:3650                 | false | 365    | RETAIN   | 3650     | 1. retention wins over deletion
            O:D:30 ; U:R:3650                 | false | 3651   | EXPIRED  | 3650     | 1. retention wins over deletion
            O:D:30 ; O:R:forever              | false | 100000 | RETAIN   | never    | 1. retention wins over deletion
            L:R:1825 ; O:D:1095               | false | 1900   | EXPIRED  | 1825     | 1. retention wins over deletion
            L:D:30 ; U:R:100                  | false | 50     | RETAIN   | 100      | 1. retention wins over deletion
            O:R:200 ; O:RD:100                | false | 150    | RETAIN   | 200      | 1. retention wins over deletion
            O:R:200 ; O:RD:100                | false | 250    | EXPIRED  | 200      | 1. retention wins over deletion
            # 2. the longest retention wins
            O:R:100 ; O:R:200                 | false | 150    | RETAIN   | never    | 2. the longest retention period wins
            O:RD:100 ; U:RD:200               | false | 150    | RETAIN   | 200      | 2. the longest retention period wins
            L:RD:1825 ; O:RD:3650             | false | 2000   | RETAIN   | 3650     | 1. retention wins over deletion
            # 3. explicit wins over implicit (for deletion), even when the explicit deletion is later
            L:D:3650 ; O:D:30                 | false | 100    | RETAIN   | 3650     | 3. explicit inclusion wins over implicit
            U:D:60 ; O:D:30                   | false | 45     | RETAIN   | 60       | 3. explicit inclusion wins over implicit
            L:D:10 ; U:D:60                   | false | 20     | EXPIRED  | 10       | 3. explicit inclusion wins over implicit
            L:RD:1825 ; O:D:3650              | false | 2000   | EXPIRED  | 1825     | 3. explicit inclusion wins over implicit
            # 4. the shortest deletion wins among rules of one level
            O:D:30 ; O:D:90                   | false | 60     | EXPIRED  | 30       | 4. the shortest deletion period wins
            U:D:30 ; U:D:90 ; O:D:10          | false | 20     | RETAIN   | 30       | 4. the shortest deletion period wins
            O:RD:90 ; O:D:30                  | false | 60     | RETAIN   | 90       | 1. retention wins over deletion
            # holds: due items stay; items not due are simply retained
            O:D:30                            | true  | 31     | HELD     | 30       | hold
            O:D:30                            | true  | 29     | RETAIN   | 30       | result
            U:R:forever ; O:D:30              | true  | 1000   | RETAIN   | never    | 1. retention wins over deletion
            # basis: last activity (day 100) instead of creation
            O:D:30:lastActivity               | false | 120    | RETAIN   | 130      | result
            O:D:30:lastActivity               | false | 131    | EXPIRED  | 130      | result
            O:D:30:lastActivity ; O:D:120     | false | 125    | EXPIRED  | 120      | 4. the shortest deletion period wins
            """)
    void decides(String rules, boolean held, long asOfDay, Decision decision, String deleteAtDay, String decidedBy) {
        RetentionOutcome outcome = new RetentionResolver().resolve(parse(rules), CREATED, LAST_ACTIVITY, held, day(asOfDay));

        assertThat(outcome.decision()).as("decision, chain %s", outcome.chain()).isEqualTo(decision);
        assertThat(outcome.deleteAt()).as("deleteAt").isEqualTo("never".equals(deleteAtDay) ? null : day(Long.parseLong(deleteAtDay)));
        assertThat(outcome.chain()).extracting(RetentionOutcome.Step::principle).contains(decidedBy);
        // the chain names every rule that applies, then ends with the result or the hold
        assertThat(outcome.chain().stream().filter(s -> s.principle().equals(RetentionResolver.APPLIES)).count())
                .isEqualTo(parse(rules).size());
        assertThat(outcome.chain().get(outcome.chain().size() - 1).principle()).isIn(RetentionResolver.RESULT, RetentionResolver.HOLD);
    }

    @ParameterizedTest(name = "[{index}] {0}: the deletion that counts comes from {1}")
    @CsvSource(delimiter = '|', textBlock = """
            L:D:3650 ; U:D:60 ; O:D:30        | label 1
            U:D:60 ; O:D:30 ; O:D:20          | policy 1
            O:D:90 ; O:D:30                   | policy 2
            O:RD:90 ; U:R:forever             | policy 1
            """)
    void namesTheRuleWhoseDeletionApplies(String rules, String deleting) {
        RetentionOutcome outcome = new RetentionResolver().resolve(parse(rules), CREATED, LAST_ACTIVITY, false, day(1));
        assertThat(outcome.deletingRule().source() + " " + outcome.deletingRule().id()).isEqualTo(deleting);
    }

    static Instant day(long d) {
        return CREATED.plus(Duration.ofDays(d));
    }

    /** Rules in the notation of the table; ids count from 1 in the order written. */
    static List<RetentionRule> parse(String spec) {
        List<RetentionRule> rules = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return rules;
        }
        int id = 1;
        for (String part : spec.split(";")) {
            String[] f = part.trim().split(":");
            RuleLevel level = switch (f[0]) {
                case "L" -> RuleLevel.LABEL;
                case "U" -> RuleLevel.USER_POLICY;
                case "O" -> RuleLevel.ORG_POLICY;
                default -> throw new IllegalArgumentException(f[0]);
            };
            RetentionAction action = switch (f[1]) {
                case "R" -> RetentionAction.RETAIN;
                case "D" -> RetentionAction.DELETE;
                case "RD" -> RetentionAction.RETAIN_THEN_DELETE;
                default -> throw new IllegalArgumentException(f[1]);
            };
            Integer days = "forever".equals(f[2]) ? null : Integer.valueOf(f[2]);
            RetentionBasis basis = f.length > 3 ? RetentionBasis.parse(f[3]) : RetentionBasis.CREATED;
            rules.add(new RetentionRule(level == RuleLevel.LABEL ? "label" : "policy", id++, part.trim(), level, action,
                    days, basis, false));
        }
        return rules;
    }
}

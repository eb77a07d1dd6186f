package io.custodia.ediscovery.query;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The parsed form of a search query. Values are already checked and typed here (dates, numbers,
 * ranges), so turning a node into SQL cannot fail and never puts user text anywhere but in a bind
 * parameter.
 */
public sealed interface QueryNode {

    record And(List<QueryNode> terms) implements QueryNode {
    }

    record Or(List<QueryNode> terms) implements QueryNode {
    }

    record Not(QueryNode term) implements QueryNode {
    }

    /**
     * A free keyword or phrase, searched in the full-text indexes of items (subject, body) and of their
     * attachments (name, extracted text).
     *
     * @param tokens the words as the full-text index sees them (letters, digits, underscore)
     * @param phrase whether the words must appear next to each other in this order
     * @param prefix whether the last word is a prefix ({@code word*})
     */
    record Keyword(List<String> tokens, boolean phrase, boolean prefix) implements QueryNode {
    }

    /** A text property compared with a value: exactly, by prefix ({@code value*}) or, for subject, by containment. */
    record Text(Property property, String value, boolean prefix) implements QueryNode {
    }

    record HasAttachment(boolean value) implements QueryNode {
    }

    /** {@code kind:} as item kinds ({@code prompt}, {@code response}, {@code tool}); empty matches nothing. */
    record Kind(Set<String> itemKinds) implements QueryNode {
    }

    /** {@code sent} between {@code from} (inclusive) and {@code until} (exclusive); either may be open. */
    record SentBetween(Instant from, Instant until) implements QueryNode {
    }

    /** {@code size} in bytes between {@code min} and {@code max}, both inclusive, either may be open. */
    record SizeBetween(Long min, Long max) implements QueryNode {
    }

    /** {@code SensitiveType:"id|count range|confidence range"}. */
    record SensitiveType(String sit, Range count, Range confidence) implements QueryNode {
    }

    /** An inclusive integer range, either end open ({@code null}). */
    record Range(Long min, Long max) {
        public static final Range ANY = new Range(null, null);
    }

    /** The properties a restriction can name (matched case-insensitively, as in KQL). */
    enum Property {
        ITEMCLASS, PARTICIPANTS, FROM, TO, SUBJECT, SENT, HASATTACHMENT, ATTACHMENTNAMES, KIND, SENSITIVETYPE,
        SENSITIVITYLABEL, CUSTODIAN, SIZE;

        static Property named(String name) {
            String n = name.toUpperCase(java.util.Locale.ROOT);
            if (n.equals("RECEIVED")) {
                return SENT; // an AI interaction is received when it is sent
            }
            for (Property p : values()) {
                if (p.name().equals(n)) {
                    return p;
                }
            }
            return null;
        }

        static String known() {
            return "ItemClass, participants, from, to, subject, sent, received, hasattachment, attachmentnames, kind, "
                    + "SensitiveType, sensitivitylabel, custodian, size";
        }
    }
}

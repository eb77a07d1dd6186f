package io.custodia.classify;

/**
 * Checks a candidate value of a primary element, e.g. a checksum. Given the text and the candidate's
 * span it returns the end of the accepted value, or {@code -1} to reject it. Most validators return
 * {@code end} unchanged; a few adjust it (an IBAN followed by an unrelated digit group is cut back to
 * its country's length, a private key header is extended over its body).
 */
@FunctionalInterface
public interface Validator {

    int accept(CharSequence text, int start, int end);

    /** A validator that only looks at the value and never moves its end. */
    static Validator of(java.util.function.Predicate<String> test) {
        return (text, start, end) -> test.test(text.subSequence(start, end).toString()) ? end : -1;
    }
}

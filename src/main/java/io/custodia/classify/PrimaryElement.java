package io.custodia.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What identifies a SIT (Purview's {@code IdMatch}): a regular expression with validators, or a list
 * of terms (a dictionary). A pattern may name a group {@code value}: then only that group is the
 * sensitive value (validated, excluded, reported), the rest is context such as a keyword.
 *
 * @param anchor       for patterns that can start at almost any word (e-mail addresses), a character every
 *                     match contains ({@code @}); the engine then looks only around that character
 * @param anchorWindow how far before and after the anchor a match may reach
 */
public record PrimaryElement(String id, Pattern pattern, List<String> terms, List<String> validatorNames,
                             List<Validator> validators, Character anchor, int anchorWindow) {

    public boolean dictionary() {
        return pattern == null;
    }
}

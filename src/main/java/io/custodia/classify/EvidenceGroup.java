package io.custodia.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Supporting evidence (Purview's {@code Match}): keywords (case-insensitive unless listed as
 * case-sensitive, matched as whole words) or a regular expression.
 *
 * @param proximity overrides the SIT's proximity for this group (e.g. a label right before a number)
 * @param before    only evidence before the primary match counts (labels such as "Order no." precede their value)
 */
public record EvidenceGroup(String id, List<String> terms, List<String> caseSensitiveTerms, Pattern pattern,
                            Integer proximity, boolean before) {
}

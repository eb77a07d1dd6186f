package io.custodia.classify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One sensitive information type, shaped like a Purview entity: primary elements, supporting evidence
 * and confidence rules (highest level first).
 *
 * @param proximity        characters between a primary match and its evidence; -1 means anywhere in the text
 *                         (Purview's relaxProximity)
 * @param excludedValues   documented example values, compared on their letters and digits only, upper case
 * @param excludedPatterns a value matching one of these (find) is a placeholder, not a match
 * @param yieldsTo         SITs that take precedence: a match of this SIT on the same characters as one of
 *                         theirs is dropped (a routing number is not also a bank account number)
 */
public record SitDefinition(String id, String name, String description, int proximity,
                            List<PrimaryElement> primaries, Map<String, EvidenceGroup> evidence,
                            List<ConfidenceRule> confidence, Set<String> excludedValues,
                            List<Pattern> excludedPatterns, List<String> yieldsTo) {

    /** The lowest confidence level this SIT reports. */
    public int lowestConfidence() {
        return confidence.stream().mapToInt(ConfidenceRule::level).min().orElse(0);
    }
}

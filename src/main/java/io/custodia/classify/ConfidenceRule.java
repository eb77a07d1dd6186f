package io.custodia.classify;

import java.util.List;

/**
 * One confidence level of a SIT (Purview's {@code Pattern confidenceLevel}): a match of the primary
 * element ({@code primary}, or any of them when null) with all of {@code requires}, at least one of
 * {@code any} (when given) and none of {@code not} within proximity.
 */
public record ConfidenceRule(int level, String primary, List<String> requires, List<String> any, List<String> not) {
}

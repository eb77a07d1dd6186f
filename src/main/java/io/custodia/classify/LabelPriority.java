package io.custodia.classify;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The order of sensitivity labels, lowest first (MIP labels carry an order in the tenant's policy that
 * the file does not record, so the hub is told it). A name not in the list ranks as the longest listed
 * name it contains ("Highly Confidential - Finance" as "Highly Confidential"); a name that contains none
 * ranks right after {@code unknownAfter}.
 */
public record LabelPriority(List<String> priority, String unknownAfter) {

    public static final LabelPriority DEFAULT = new LabelPriority(
            List.of("Public", "Non-Business", "General", "Internal", "Confidential", "Highly Confidential",
                    "Restricted", "Secret", "Top Secret"), "General");

    /** Rank of a label name; higher is more sensitive. Ranks are spaced so unknown names fit in between. */
    public int rank(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < priority.size(); i++) {
            String p = priority.get(i).toLowerCase(Locale.ROOT);
            if (n.equals(p)) {
                return 2 * i + 2;
            }
            if (n.contains(p) && p.length() > bestLength) {
                best = i;
                bestLength = p.length();
            }
        }
        if (best >= 0) {
            return 2 * best + 2;
        }
        int after = unknownAfter == null ? -1 : priority.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()
                .indexOf(unknownAfter.toLowerCase(Locale.ROOT));
        return 2 * after + 3;
    }

    /** The most sensitive of the names, or null when there are none. */
    public String highest(Collection<String> names) {
        String best = null;
        int bestRank = Integer.MIN_VALUE;
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            int r = rank(name);
            if (r > bestRank) {
                best = name;
                bestRank = r;
            }
        }
        return best;
    }
}

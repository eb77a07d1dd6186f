package io.custodia.classify;

import java.util.List;

/** The SIT matches of one text, in catalogue order. */
public record Classification(List<SitMatch> matches) {

    public static final Classification NONE = new Classification(List.of());

    public boolean isEmpty() {
        return matches.isEmpty();
    }

    public SitMatch get(String sit) {
        for (SitMatch m : matches) {
            if (m.sit().equals(sit)) {
                return m;
            }
        }
        return null;
    }
}

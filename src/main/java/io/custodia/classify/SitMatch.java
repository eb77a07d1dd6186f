package io.custodia.classify;

import java.util.List;

/**
 * What one SIT found in one text: how many instances, the highest confidence among them, and where
 * they are. Spans locate sensitive values, so {@link #toString()} leaves them out: results may be logged,
 * spans must not be.
 */
public record SitMatch(String sit, int count, int confidence, List<Span> spans) {

    /** Characters {@code [start, end)} of one instance and its confidence. */
    public record Span(int start, int end, int confidence) {
    }

    @Override
    public String toString() {
        return sit + "×" + count + "@" + confidence;
    }
}

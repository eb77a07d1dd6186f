package io.custodia.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * The API mixes float Unix seconds (stateful endpoints) and ISO-8601 strings (Logs Platform); both
 * mean an instant.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** Null for a missing or null node; otherwise the instant, or an exception naming the bad value. */
    public static Instant parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            double seconds = node.asDouble();
            long whole = (long) Math.floor(seconds);
            long micros = Math.round((seconds - whole) * 1_000_000d);
            return Instant.ofEpochSecond(whole, micros * 1000);
        }
        return parse(node.asString());
    }

    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant utc = parseUtc(text);
        if (utc != null) {
            return utc;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return Instant.ofEpochSecond(0, Math.round(Double.parseDouble(text) * 1e9));
                } catch (NumberFormatException e3) {
                    throw new IllegalArgumentException("not a timestamp: '" + text + "'");
                }
            }
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /**
     * The Logs Platform's own shape, {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with 1–9 fraction digits, read by hand;
     * null for any other shape or an impossible date, which {@link Instant#parse} then handles (or rejects).
     * Why by hand: java.time's ISO parser resolves every field through generic maps, which made it 5 % of
     * the ingest's CPU (three timestamps per message, JFR of the ingest bench).
     */
    static Instant parseUtc(String t) {
        int n = t.length();
        if (n < 20 || n == 21 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z' || n > 20 && t.charAt(19) != '.') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int fraction = n > 20 ? digits(t, 20, n - 1) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0 || month < 1 || month > 12 || day < 1
                || hour > 23 || minute > 59 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        int nanos = n > 20 ? fraction * POWERS_OF_TEN[9 - (n - 21)] : 0;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code t[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}

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
}

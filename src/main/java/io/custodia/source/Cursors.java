package io.custodia.source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Checkpoints are stored as fixed-width ISO-8601 UTC strings so that the database can compare them
 * ({@code GREATEST}) and they go back to the API as the "ISO 8601 with timezone" it requires.
 */
public final class Cursors {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Cursors() {
    }

    public static String format(Instant t) {
        return FORMAT.format(t);
    }

    public static Instant parse(String cursor) {
        return Instant.parse(cursor);
    }
}

package io.custodia.support;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * All DATETIME columns hold UTC. {@link LocalDateTime} crosses JDBC without any time-zone conversion,
 * unlike {@link java.sql.Timestamp}, which the driver shifts by the JVM's default zone.
 */
public final class Utc {

    private Utc() {
    }

    public static LocalDateTime toDb(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    public static Instant fromDb(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    public static LocalDateTime now() {
        return toDb(Instant.now());
    }
}

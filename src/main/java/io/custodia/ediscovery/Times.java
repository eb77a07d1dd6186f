package io.custodia.ediscovery;

import java.sql.Timestamp;
import java.time.LocalDateTime;

import io.custodia.support.Utc;

/** DATETIME values (UTC) as the driver hands them out of generic queries, rendered ISO-8601. */
public final class Times {

    private Times() {
    }

    public static String iso(Object dbValue) {
        if (dbValue == null) {
            return null;
        }
        LocalDateTime t = dbValue instanceof Timestamp ts ? ts.toLocalDateTime() : (LocalDateTime) dbValue;
        return Utc.fromDb(t).toString();
    }
}

package io.custodia.ops.database;

/** The build has no embedded MariaDB (the slim jar) and no external database is configured. */
public class NoEmbeddedDatabaseException extends IllegalStateException {

    NoEmbeddedDatabaseException(String message) {
        super(message);
    }
}

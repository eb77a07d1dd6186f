package io.custodia.classify;

/** A catalogue that cannot be used, with where and why: source, SIT id and field. */
public class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}

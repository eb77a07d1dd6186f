package io.custodia.source;

/** A downloaded file does not match the size or SHA-256 the listing announced. */
public class IntegrityException extends RuntimeException {

    public IntegrityException(String message) {
        super(message);
    }
}

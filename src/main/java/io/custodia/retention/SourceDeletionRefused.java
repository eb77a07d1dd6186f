package io.custodia.retention;

/** A deletion at the source that must not be retried: not permitted, or not possible in this hub. */
public class SourceDeletionRefused extends RuntimeException {

    public SourceDeletionRefused(String message) {
        super(message);
    }
}

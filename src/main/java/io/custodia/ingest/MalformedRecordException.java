package io.custodia.ingest;

/** A staged record that cannot be turned into mailbox items or audit records; it goes to quarantine. */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

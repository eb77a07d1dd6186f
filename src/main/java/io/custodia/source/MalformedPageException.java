package io.custodia.source;

/** A listing page that could not be read (it is quarantined; the poll is tried again). */
public class MalformedPageException extends ComplianceApiException {

    public MalformedPageException(String message, Throwable cause) {
        super(message, cause);
    }
}

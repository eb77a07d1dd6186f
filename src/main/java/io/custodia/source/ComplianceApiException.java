package io.custodia.source;

/** The Compliance API answered in a way the hub cannot use (wrong status, malformed page, bad redirect). */
public class ComplianceApiException extends RuntimeException {

    private final int status;

    public ComplianceApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ComplianceApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}

package io.custodia.retention;

import org.springframework.http.HttpStatus;

/** A request the retention API answers with a precise status and message (404, 409 …). */
public class RetentionApiException extends RuntimeException {

    private final HttpStatus status;

    public RetentionApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    static RetentionApiException notFound(String what) {
        return new RetentionApiException(HttpStatus.NOT_FOUND, what + " does not exist");
    }

    static RetentionApiException conflict(String message) {
        return new RetentionApiException(HttpStatus.CONFLICT, message);
    }
}

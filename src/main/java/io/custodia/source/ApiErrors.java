package io.custodia.source;

import java.io.IOException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Classifies a failed exchange for the collection routes' error handling. Splits and sub-routes wrap
 * the original exception, so the predicates walk the cause chain.
 */
@Component("apiErrors")
public class ApiErrors {

    public boolean isRateLimited(Exchange exchange) {
        return status(exchange) == 429;
    }

    public boolean isUnauthorized(Exchange exchange) {
        int s = status(exchange);
        return s == 401 || s == 403;
    }

    /**
     * Worth retrying: 5xx, I/O failures and timeouts, downloads that do not match their hash, a listing page
     * that was not JSON (quarantined; asked again it may well be).
     */
    public boolean isTransient(Exchange exchange) {
        int s = status(exchange);
        if (s >= 500) {
            return true;
        }
        return find(caught(exchange), IOException.class) != null || find(caught(exchange), IntegrityException.class) != null
                || find(caught(exchange), MalformedPageException.class) != null;
    }

    /** The file is gone at the source (404, 410): record it, do not retry. */
    public boolean isGone(Exchange exchange) {
        int s = status(exchange);
        return s == 404 || s == 410;
    }

    public static int status(Exchange exchange) {
        Throwable t = caught(exchange);
        HttpOperationFailedException http = find(t, HttpOperationFailedException.class);
        if (http != null) {
            return http.getStatusCode();
        }
        ComplianceApiException api = find(t, ComplianceApiException.class);
        return api != null ? api.status() : 0;
    }

    /** Response headers of the failed HTTP call, if there was one. */
    public static Map<String, String> responseHeaders(Exchange exchange) {
        HttpOperationFailedException http = find(caught(exchange), HttpOperationFailedException.class);
        return http == null || http.getResponseHeaders() == null ? Map.of() : http.getResponseHeaders();
    }

    static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getException();
        return t != null ? t : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A one-line description of what went wrong, for health and logs (never carries credentials). */
    public static String describe(Exchange exchange) {
        Throwable t = caught(exchange);
        HttpOperationFailedException http = find(t, HttpOperationFailedException.class);
        if (http != null) {
            String body = http.getResponseBody();
            if (body != null && body.length() > 300) {
                body = body.substring(0, 300) + "…";
            }
            return "HTTP " + http.getStatusCode() + " from " + stripQuery(http.getUri())
                    + (body == null || body.isBlank() ? "" : ": " + body.strip());
        }
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "unknown error" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Signed URLs carry their signature in the query: keep it out of logs. */
    static String stripQuery(String uri) {
        if (uri == null) {
            return "?";
        }
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}

package io.custodia.source;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Which exchange headers may leave the hub as HTTP request headers. Everything the routes keep in
 * headers (workspace, cursor, file refs …) stays inside; the API gets the bearer key and content
 * negotiation, and the signed download host gets no credentials at all, even if a route forgot to
 * remove the {@code Authorization} header.
 */
public class ComplianceApiHeaders extends DefaultHeaderFilterStrategy {

    private final Set<String> allowedOut;

    private ComplianceApiHeaders(Set<String> allowedOut) {
        this.allowedOut = allowedOut;
        // response headers (Location, Retry-After, Content-Type …) come in unchanged
        setLowerCase(true);
    }

    /** For {@code https://api.chatgpt.com/v1}: the bearer key goes out. */
    public static ComplianceApiHeaders api() {
        return new ComplianceApiHeaders(Set.of("authorization", "accept", "user-agent"));
    }

    /** For signed download URLs: never the bearer key. */
    public static ComplianceApiHeaders signedDownload() {
        return new ComplianceApiHeaders(Set.of("accept", "user-agent"));
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !allowedOut.contains(headerName.toLowerCase());
    }
}

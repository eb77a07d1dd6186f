package io.custodia.source;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Outcome of the latest poll per workspace and stream, for health and operators. */
@Component("sourceHealth")
public class SourceHealth {

    private static final Logger log = LoggerFactory.getLogger(SourceHealth.class);

    /** State of one workspace stream. */
    public record Status(String workspaceId, String stream, Instant lastSuccess, Instant lastFailure,
                         String lastError, boolean unauthorized) {
    }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();

    public void succeeded(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = exchange.getIn().getHeader(ComplianceApi.STREAM, String.class);
        statuses.compute(key(ws, stream), (k, old) -> new Status(ws, stream, Instant.now(),
                old == null ? null : old.lastFailure(), old == null ? null : old.lastError(), false));
    }

    public void failed(Exchange exchange) {
        record(exchange, false);
    }

    public void unauthorized(Exchange exchange) {
        record(exchange, true);
    }

    private void record(Exchange exchange, boolean unauthorized) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = exchange.getIn().getHeader(ComplianceApi.STREAM, String.class);
        String error = ApiErrors.describe(exchange);
        if (unauthorized) {
            error = "The API key of workspace " + ws + " was refused (" + error + "). Check custodia.workspaces[].api-key"
                    + " and that OpenAI granted it the Compliance API read scope.";
        }
        log.warn("Collection of workspace {} stream {} failed: {}", ws, stream, error);
        String message = error;
        statuses.compute(key(ws, stream), (k, old) -> new Status(ws, stream, old == null ? null : old.lastSuccess(),
                Instant.now(), message, unauthorized));
    }

    public List<Status> all() {
        return List.copyOf(statuses.values());
    }

    private static String key(String ws, String stream) {
        return ws + "|" + stream;
    }
}

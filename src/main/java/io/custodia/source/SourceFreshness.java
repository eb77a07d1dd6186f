package io.custodia.source;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Freshness of each workspace stream as the Logs Platform reports it ({@code max_event_time}, reference §8):
 * the newest event the source has published, so that lag can be told apart from a quiet workspace. The
 * timestamp does not promise that every earlier event has arrived. Kept per node, like {@link SourceHealth}.
 */
@Component("sourceFreshness")
public class SourceFreshness {

    private static final Logger log = LoggerFactory.getLogger(SourceFreshness.class);

    private final Map<String, Instant> maxEventTimes = new ConcurrentHashMap<>();
    private final JsonMapper json;

    public SourceFreshness(JsonMapper json) {
        this.json = json;
    }

    /** Records the source's newest event time for a stream; an older value never replaces a newer one. */
    public void record(String workspaceId, String stream, Instant maxEventTime) {
        if (maxEventTime != null) {
            maxEventTimes.merge(key(workspaceId, stream), maxEventTime, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    public Optional<Instant> maxEventTime(String workspaceId, String stream) {
        return Optional.ofNullable(maxEventTimes.get(key(workspaceId, stream)));
    }

    /** Reads a {@code {"max_event_time": {"TYPE": iso|null}}} answer for the exchange's stream. */
    public void read(Exchange exchange) {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = exchange.getIn().getHeader(ComplianceApi.STREAM, String.class);
        byte[] body = exchange.getIn().getBody(byte[].class);
        try {
            JsonNode times = json.readTree(body).path("max_event_time");
            JsonNode value = times.get(stream);
            if (value != null && !value.isNull()) {
                record(ws, stream, Timestamps.parse(value));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            log.debug("Unreadable freshness answer for {} {}: {}", ws, stream, e.toString());
        }
    }

    /** The source does not serve freshness (404 on an older API) or it failed: lag stays unknown. */
    public void unavailable(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.debug("No freshness for {} {}: {}", exchange.getIn().getHeader(ComplianceApi.WORKSPACE),
                exchange.getIn().getHeader(ComplianceApi.STREAM), e == null ? "?" : e.getMessage());
    }

    private static String key(String ws, String stream) {
        return ws + "\u0000" + stream;
    }
}

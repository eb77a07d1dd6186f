package io.custodia.source;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs before each redelivery after a 429: waits for {@code Retry-After} (seconds or an HTTP date),
 * or {@code custodia.source.default-retry-after} when the header is absent, capped at
 * {@code custodia.source.max-retry-after}.
 */
@Component("rateLimitWait")
public class RateLimitWait implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RateLimitWait.class);

    /** How the wait happens; replaced in tests to record instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SourceProperties props;
    private final Sleeper sleeper;

    @org.springframework.beans.factory.annotation.Autowired
    public RateLimitWait(SourceProperties props) {
        this(props, d -> Thread.sleep(d.toMillis()));
    }

    RateLimitWait(SourceProperties props, Sleeper sleeper) {
        this.props = props;
        this.sleeper = sleeper;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        await(ApiErrors.responseHeaders(exchange), exchange.getIn().getHeader(ComplianceApi.WORKSPACE),
                exchange.getIn().getHeader(ComplianceApi.STREAM));
    }

    /** Waits as a 429 with these response headers asks. */
    void await(Map<String, String> responseHeaders, Object workspace, Object stream) throws InterruptedException {
        Duration wait = retryAfter(responseHeaders);
        log.warn("Workspace {} stream {} rate limited (429): waiting {} s before trying again", workspace, stream,
                wait.toMillis() / 1000.0);
        sleeper.sleep(wait);
    }

    Duration retryAfter(Map<String, String> headers) {
        String value = null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After")) {
                value = h.getValue();
            }
        }
        Duration wait = props.source().defaultRetryAfter();
        if (value != null && !value.isBlank()) {
            try {
                wait = Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    wait = Duration.between(ZonedDateTime.now(), at);
                    if (wait.isNegative()) {
                        wait = Duration.ZERO;
                    }
                } catch (DateTimeParseException e2) {
                    log.warn("Unreadable Retry-After '{}': waiting the default {}", value, wait);
                }
            }
        }
        return wait.compareTo(props.source().maxRetryAfter()) > 0 ? props.source().maxRetryAfter() : wait;
    }
}

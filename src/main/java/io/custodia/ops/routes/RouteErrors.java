package io.custodia.ops.routes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * The last failure of every route, with its message: Camel's management counts failures and remembers
 * the failing exchange's id, but not what went wrong. Handled failures (a route's onException took care
 * of them, e.g. a 429 that waits and polls again) count too: they are what integration teams look for.
 * Query strings and bearer tokens are cut from messages (signed download URLs are secrets while valid).
 */
@Component
public class RouteErrors implements CamelContextConfiguration {

    /** The last failure of a route. */
    public record LastError(Instant at, String exchangeId, String message, boolean handled) {
    }

    private static final int MAX_MESSAGE = 500;

    private final Map<String, LastError> last = new ConcurrentHashMap<>();

    @Override
    public void beforeApplicationStart(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            {
                // only failures: Camel then builds no event for the other steps of an exchange
                setIgnoreCamelContextEvents(true);
                setIgnoreRouteEvents(true);
                setIgnoreServiceEvents(true);
                setIgnoreStepEvents(true);
                setIgnoreExchangeCreatedEvent(true);
                setIgnoreExchangeCompletedEvent(true);
                setIgnoreExchangeSendingEvents(true);
                setIgnoreExchangeSentEvents(true);
                setIgnoreExchangeRedeliveryEvents(true);
                setIgnoreExchangeAsyncProcessingStartedEvents(true);
            }

            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
                    record(failed.getExchange(), failed.getCause(), false);
                } else if (event instanceof CamelEvent.ExchangeFailureHandledEvent handled) {
                    Exchange e = handled.getExchange();
                    record(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), true);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeFailedEvent || event instanceof CamelEvent.ExchangeFailureHandledEvent;
            }
        });
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing to do once started
    }

    private void record(Exchange exchange, Throwable cause, boolean handled) {
        String route = exchange.getFromRouteId();
        if (route == null) {
            return;
        }
        String message = cause == null ? "failed" : describe(cause);
        last.put(route, new LastError(Instant.now(), exchange.getExchangeId(), message, handled));
    }

    public Optional<LastError> last(String routeId) {
        return Optional.ofNullable(last.get(routeId));
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (root != t) {
            text += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        text = sanitize(text);
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }

    static String sanitize(String text) {
        return text.replaceAll("(?i)(bearer\\s+)\\S+", "$1***")
                .replaceAll("(https?://[^\\s?\"']+)\\?[^\\s\"']*", "$1?…");
    }
}

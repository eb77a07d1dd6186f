package io.custodia.feeds;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs before each redelivery of a feed route: counts the retry, shows the error to operators, and
 * keeps the feed's lease while a destination stays down.
 */
@Component("feedRetries")
public class FeedRetries implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FeedRetries.class);

    private final FeedStats stats;
    private final FeedOutbox outbox;

    public FeedRetries(FeedStats stats, FeedOutbox outbox) {
        this.stats = stats;
        this.outbox = outbox;
    }

    @Override
    public void process(Exchange exchange) {
        String feed = exchange.getIn().getHeader(FeedOutbox.FEED, String.class);
        Exception e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = describe(e);
        int attempt = exchange.getProperty(FeedOutbox.ATTEMPTS, 1, Integer.class);
        exchange.setProperty(FeedOutbox.ATTEMPTS, attempt + 1);
        if (attempt == 1) {
            log.warn("Feed {}: delivery failed, retrying with backoff: {}", feed, error);
        }
        stats.retried(feed, error);
        FeedBatch batch = exchange.getProperty(FeedOutbox.BATCH, FeedBatch.class);
        if (batch != null) {
            batch.retried();
        }
        try {
            outbox.renewLease(feed);
        } catch (RuntimeException ignored) {
            // the database may be what is failing; the lease is renewed at the next commit
        }
    }

    /** A one-line reason without URL user info or query string. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        Throwable t = e;
        while (t != null) {
            if (t instanceof HttpOperationFailedException h) {
                String body = h.getResponseBody() == null ? "" : h.getResponseBody().strip();
                return "HTTP " + h.getStatusCode() + (body.isEmpty() ? "" : ": " + FeedOutbox.truncate(body, 200));
            }
            t = t.getCause();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + URISupport.sanitizeUri(root.getMessage());
        return FeedOutbox.truncate(root.getClass().getSimpleName() + message, 500);
    }
}

package io.custodia.feeds;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.springframework.stereotype.Component;

/**
 * Whether a failed feed step is tried again: while it has tries left ({@code max-attempts}), and never
 * once the hub is stopping — the batch is then left uncommitted (delivered again after the restart)
 * instead of holding the shutdown up or being dead-lettered.
 */
@Component("feedRetryWhile")
public class FeedRetryWhile implements Predicate {

    private final FeedProperties props;

    public FeedRetryWhile(FeedProperties props) {
        this.props = props;
    }

    @Override
    public boolean matches(Exchange exchange) {
        if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
            return false;
        }
        String feed = exchange.getIn().getHeader(FeedOutbox.FEED, String.class);
        int attempts = exchange.getProperty(FeedOutbox.ATTEMPTS, 1, Integer.class);
        return attempts < props.feed(feed).maxAttempts();
    }
}

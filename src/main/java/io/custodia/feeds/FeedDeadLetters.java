package io.custodia.feeds;

import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead letter channel of the feed routes, reached when a step failed on its last attempt:
 * <ul>
 *   <li>one event's delivery (webhook) → the event is dead-lettered and the batch goes on;</li>
 *   <li>a whole batch's delivery (hec, kafka, rabbitmq, syslog, file) → its undelivered events are
 *       dead-lettered and the batch is committed so the feed moves on;</li>
 *   <li>reading or committing the outbox, or a hub that is stopping → nothing is dead-lettered, the
 *       batch is dropped uncommitted and the next poll delivers it again.</li>
 * </ul>
 * Dead letters are written by the batch's commit, in the same transaction as the cursor, so an event
 * is never both skipped and unrecorded.
 */
@Component("feedDeadLetters")
public class FeedDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(FeedDeadLetters.class);

    private final FeedStats stats;
    private final FeedOutbox outbox;

    public FeedDeadLetters(FeedStats stats, FeedOutbox outbox) {
        this.stats = stats;
        this.outbox = outbox;
    }

    public void exhausted(Exchange exchange) {
        String feed = exchange.getIn().getHeader(FeedOutbox.FEED, String.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = FeedRetries.describe(e);
        stats.failed(feed, error);
        FeedBatch batch = exchange.getProperty(FeedOutbox.BATCH, FeedBatch.class);
        if (batch == null) {
            log.warn("Feed {}: could not read the outbox: {}", feed, error);
            return;
        }
        if (stopping(exchange, e)) {
            batch.abort();
            return;
        }
        int attempts = exchange.getProperty(FeedOutbox.ATTEMPTS, 1, Integer.class);
        FeedEvent event = exchange.getProperty(FeedOutbox.EVENT, FeedEvent.class);
        if (event != null) {
            batch.deadLetter(event, attempts, error);
        } else if (Boolean.TRUE.equals(exchange.getProperty(FeedOutbox.SENDING, Boolean.class))) {
            batch.pending().forEach(p -> batch.deadLetter(p, attempts, error));
            outbox.commit(batch);
        } else {
            log.warn("Feed {}: batch not committed, it will be delivered again: {}", feed, error);
            batch.abort();
        }
    }

    private static boolean stopping(Exchange exchange, Exception e) {
        return e instanceof RejectedExecutionException || exchange.getContext().isStopping()
                || exchange.getContext().isStopped();
    }
}

package io.custodia.ops.metrics;

/**
 * A queue whose length operators should watch, exported as {@code custodia_backlog{queue="<name>"}} at
 * {@code /actuator/prometheus}. The hook for capabilities that queue work: a feed registers one bean per
 * feed (name {@code feed:<feed name>}, size = outbox events it has not delivered yet).
 */
public interface BacklogSource {

    /** Label value, e.g. {@code feed:siem}. */
    String name();

    /** Items waiting now (called at every scrape: keep it cheap). */
    long backlog();
}

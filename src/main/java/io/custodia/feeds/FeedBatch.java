package io.custodia.feeds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One poll of one feed: the events claimed from the outbox and what became of them. It travels with
 * the exchange (property {@code CustodiaFeedBatch}); {@link FeedOutbox#commit} then records the
 * outcome — new cursor, gaps, dead letters, replays — in one transaction.
 */
public final class FeedBatch {

    /** An event given up on. */
    public record DeadLetter(FeedEvent event, int attempts, String error) {
    }

    private final String feed;
    private final long cursorBefore;
    private final long cursorAfter;
    private final List<FeedEvent> events;
    private final List<Gaps.Range> gapsBefore;
    private final List<Gaps.Range> gapsAfter;
    private final Set<Long> replays;
    private final boolean more;
    private final Set<Long> delivered = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private volatile int retried;
    private volatile boolean aborted;
    private volatile boolean committed;

    FeedBatch(String feed, long cursorBefore, long cursorAfter, List<FeedEvent> events, List<Gaps.Range> gapsBefore,
              List<Gaps.Range> gapsAfter, Set<Long> replays, boolean more) {
        this.feed = feed;
        this.cursorBefore = cursorBefore;
        this.cursorAfter = cursorAfter;
        this.events = List.copyOf(events);
        this.gapsBefore = List.copyOf(gapsBefore);
        this.gapsAfter = List.copyOf(gapsAfter);
        this.replays = Set.copyOf(replays);
        this.more = more;
    }

    static FeedBatch notOwner(String feed) {
        return new FeedBatch(feed, -1, -1, List.of(), List.of(), List.of(), Set.of(), false);
    }

    public String feed() {
        return feed;
    }

    public List<FeedEvent> events() {
        return events;
    }

    /** Whether the outbox had more rows than this batch took (the route polls again at once). */
    public boolean more() {
        return more && !aborted;
    }

    public boolean owned() {
        return cursorBefore >= 0;
    }

    long cursorBefore() {
        return cursorBefore;
    }

    long cursorAfter() {
        return cursorAfter;
    }

    List<Gaps.Range> gapsBefore() {
        return gapsBefore;
    }

    List<Gaps.Range> gapsAfter() {
        return gapsAfter;
    }

    Set<Long> replays() {
        return replays;
    }

    void delivered(FeedEvent event) {
        delivered.add(event.seq());
    }

    Set<Long> deliveredSeqs() {
        return delivered;
    }

    void deadLetter(FeedEvent event, int attempts, String error) {
        deadLetters.add(new DeadLetter(event, attempts, error));
    }

    boolean isDeadLettered(FeedEvent event) {
        synchronized (deadLetters) {
            return deadLetters.stream().anyMatch(d -> d.event().seq() == event.seq());
        }
    }

    /** Events neither delivered nor dead-lettered yet, in order. */
    List<FeedEvent> pending() {
        return events.stream().filter(e -> !delivered.contains(e.seq()) && !isDeadLettered(e)).toList();
    }

    List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    void retried() {
        retried++;
    }

    int retriedCount() {
        return retried;
    }

    /** Stops the batch without committing: its events are delivered again by the next poll. */
    void abort() {
        aborted = true;
    }

    /** Whether the batch was given up (hub stopping, outbox unreachable): the rest of it is not sent. */
    public boolean isAborted() {
        return aborted;
    }

    boolean markCommitted() {
        if (committed) {
            return false;
        }
        committed = true;
        return true;
    }
}

-- Audit feeds (io.custodia.feeds): each feed reads outbox_event on its own, so a slow or broken
-- destination never holds the others back.

-- Where each feed stands. cursor_seq: every outbox row with seq <= cursor_seq has been delivered,
-- dead-lettered, filtered out, or is missing and tracked in feed_gap. owner/lease_until: the hub
-- node that delivers the feed (one at a time in a cluster). Counters are cumulative.
CREATE TABLE feed_cursor (
    feed              VARCHAR(64) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    cursor_seq        BIGINT        NOT NULL,
    delivered         BIGINT        NOT NULL DEFAULT 0,
    retried           BIGINT        NOT NULL DEFAULT 0,
    dead_lettered     BIGINT        NOT NULL DEFAULT 0,
    owner             VARCHAR(64),
    lease_until       DATETIME(6),
    last_delivery_at  DATETIME(6),
    updated_at        DATETIME(6)   NOT NULL
) ENGINE=InnoDB;

-- seq values below a feed's cursor that were not visible when the cursor passed them: a transaction
-- that took its seq earlier may still commit (it is then delivered late), or it rolled back / hit a
-- duplicate key (the seq never appears). Re-checked on every poll, forgotten after the gap timeout.
CREATE TABLE feed_gap (
    feed      VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
    from_seq  BIGINT       NOT NULL,
    to_seq    BIGINT       NOT NULL,
    seen_at   DATETIME(6)  NOT NULL,
    PRIMARY KEY (feed, from_seq)
) ENGINE=InnoDB;

-- Events a feed gave up on after its maximum number of attempts. The event itself stays in
-- outbox_event (the purge keeps it) so it can be replayed: status DEAD → REPLAY → REPLAYED.
CREATE TABLE feed_dead_letter (
    id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    feed                 VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
    event_seq            BIGINT        NOT NULL,
    event_id             CHAR(36)      NOT NULL,
    event_type           VARCHAR(64)   NOT NULL,
    attempts             INT           NOT NULL,
    error                VARCHAR(2048) NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    failed_at            DATETIME(6)   NOT NULL,
    replay_requested_at  DATETIME(6),
    replayed_at          DATETIME(6),
    UNIQUE KEY uk_feed_dead_letter (feed, event_seq),
    KEY ix_feed_dead_letter_status (feed, status)
) ENGINE=InnoDB;

-- Shared by several capabilities: legal holds (written by eDiscovery, enforced by retention and every
-- delete) and the transactional outbox (written by whatever changes, read by the feed routes).

-- A hold on a case: query-scoped or custodian-scoped. Held items are materialised in
-- legal_hold_item (query holds) or covered through their mailbox (custodian holds).
CREATE TABLE legal_hold (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    case_id       BIGINT        NOT NULL,
    name          VARCHAR(255)  NOT NULL,
    scope         VARCHAR(16)   NOT NULL,
    query         TEXT,
    created_by    VARCHAR(255),
    created_at    DATETIME(6)   NOT NULL,
    released_at   DATETIME(6),
    KEY ix_legal_hold_case (case_id)
) ENGINE=InnoDB;

CREATE TABLE legal_hold_mailbox (
    hold_id     BIGINT NOT NULL,
    mailbox_id  BIGINT NOT NULL,
    PRIMARY KEY (hold_id, mailbox_id),
    KEY ix_legal_hold_mailbox (mailbox_id)
) ENGINE=InnoDB;

CREATE TABLE legal_hold_item (
    hold_id   BIGINT NOT NULL,
    item_id   BIGINT NOT NULL,
    PRIMARY KEY (hold_id, item_id),
    KEY ix_legal_hold_item (item_id)
) ENGINE=InnoDB;

-- Events worth routing downstream, written in the same transaction as the change that causes them.
-- seq orders them; id is stable (a name-based UUID of what caused the event) so receivers can
-- de-duplicate.
CREATE TABLE outbox_event (
    seq           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    id            CHAR(36)      NOT NULL,
    event_type    VARCHAR(64)   NOT NULL,
    severity      VARCHAR(16)   NOT NULL,
    occurred_at   DATETIME(6)   NOT NULL,
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin,
    mailbox_id    BIGINT,
    custodian     VARCHAR(320),
    payload       MEDIUMTEXT    NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_outbox_event (id),
    KEY ix_outbox_created (created_at)
) ENGINE=InnoDB;

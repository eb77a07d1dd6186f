-- eDiscovery: cases and their members, searches (with a snapshot of their hits so exports and review
-- sets are exactly what the search found), review sets, export jobs, and the bookkeeping that lets
-- query holds cover items ingested after the hold was placed. The hold tables themselves are V4.

CREATE TABLE ediscovery_case (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(255)  NOT NULL,
    description  VARCHAR(2048),
    status       VARCHAR(16)   NOT NULL DEFAULT 'ACTIVE',
    created_by   VARCHAR(255)  NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    KEY ix_case_created (created_at)
) ENGINE=InnoDB;

-- eDiscovery Managers see the cases they are members of (the creator is one); Administrators see all.
CREATE TABLE ediscovery_case_member (
    case_id    BIGINT        NOT NULL,
    username   VARCHAR(255) COLLATE utf8mb4_bin NOT NULL,
    added_by   VARCHAR(255)  NOT NULL,
    added_at   DATETIME(6)   NOT NULL,
    PRIMARY KEY (case_id, username),
    KEY ix_case_member_user (username)
) ENGINE=InnoDB;

CREATE TABLE case_search (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    case_id      BIGINT        NOT NULL,
    query        TEXT          NOT NULL,
    item_count   BIGINT        NOT NULL,
    size_bytes   BIGINT        NOT NULL,
    statistics   MEDIUMTEXT    NOT NULL,
    created_by   VARCHAR(255)  NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    KEY ix_case_search_case (case_id, id)
) ENGINE=InnoDB;

-- The hits of a search at the time it ran.
CREATE TABLE case_search_item (
    search_id  BIGINT NOT NULL,
    item_id    BIGINT NOT NULL,
    PRIMARY KEY (search_id, item_id)
) ENGINE=InnoDB;

-- Query holds: the highest mail_item id already evaluated, so only newer items are checked again.
CREATE TABLE legal_hold_progress (
    hold_id          BIGINT NOT NULL PRIMARY KEY,
    evaluated_to_id  BIGINT NOT NULL,
    evaluated_at     DATETIME(6) NOT NULL
) ENGINE=InnoDB;

-- Custodian holds name people, not mailboxes: a custodian whose mailbox appears later is covered then.
CREATE TABLE legal_hold_custodian (
    hold_id  BIGINT       NOT NULL,
    email    VARCHAR(320) NOT NULL,
    PRIMARY KEY (hold_id, email)
) ENGINE=InnoDB;

CREATE TABLE review_set (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    case_id     BIGINT        NOT NULL,
    name        VARCHAR(255)  NOT NULL,
    created_by  VARCHAR(255)  NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    KEY ix_review_set_case (case_id)
) ENGINE=InnoDB;

CREATE TABLE review_set_item (
    review_set_id  BIGINT       NOT NULL,
    item_id        BIGINT       NOT NULL,
    search_id      BIGINT,
    added_by       VARCHAR(255) NOT NULL,
    added_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (review_set_id, item_id)
) ENGINE=InnoDB;

CREATE TABLE review_tag (
    review_set_id  BIGINT       NOT NULL,
    item_id        BIGINT       NOT NULL,
    tag            VARCHAR(128) NOT NULL,
    tagged_by      VARCHAR(255) NOT NULL,
    tagged_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (review_set_id, item_id, tag),
    KEY ix_review_tag (review_set_id, tag)
) ENGINE=InnoDB;

CREATE TABLE review_comment (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    review_set_id  BIGINT        NOT NULL,
    item_id        BIGINT        NOT NULL,
    author         VARCHAR(255)  NOT NULL,
    body           TEXT          NOT NULL,
    created_at     DATETIME(6)   NOT NULL,
    KEY ix_review_comment_item (review_set_id, item_id)
) ENGINE=InnoDB;

-- One export of a search's hits in one format; the Spring Batch execution does the work.
CREATE TABLE export_job (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    case_id           BIGINT        NOT NULL,
    search_id         BIGINT        NOT NULL,
    format            VARCHAR(16)   NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    items             BIGINT        NOT NULL,
    units             BIGINT        NOT NULL DEFAULT 0,
    errors            BIGINT        NOT NULL DEFAULT 0,
    job_execution_id  BIGINT,
    package_path      VARCHAR(1024),
    package_size      BIGINT,
    package_sha256    CHAR(64),
    message           VARCHAR(2048),
    created_by        VARCHAR(255)  NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    completed_at      DATETIME(6),
    KEY ix_export_case (case_id)
) ENGINE=InnoDB;

-- The units the export job walks through: one item (eml, dat) or one conversation-day (rsmf).
CREATE TABLE export_unit (
    export_id  BIGINT       NOT NULL,
    unit_no    BIGINT       NOT NULL,
    unit_key   VARCHAR(160) COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (export_id, unit_no)
) ENGINE=InnoDB;

-- Every item of an export: where it went in the package and the hash of that file.
CREATE TABLE export_item (
    export_id  BIGINT        NOT NULL,
    item_id    BIGINT        NOT NULL,
    unit_no    BIGINT        NOT NULL,
    path       VARCHAR(1024),
    sha256     CHAR(64),
    size_bytes BIGINT,
    status     VARCHAR(16)   NOT NULL,
    message    VARCHAR(2048),
    PRIMARY KEY (export_id, item_id),
    KEY ix_export_item_unit (export_id, unit_no)
) ENGINE=InnoDB;

-- Problems met while exporting (a native missing, an item that could not be rendered …): the export
-- goes on and they are listed in the package's Errors.csv.
CREATE TABLE export_error (
    id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    export_id  BIGINT        NOT NULL,
    item_id    BIGINT,
    severity   VARCHAR(16)   NOT NULL,
    message    VARCHAR(2048) NOT NULL,
    KEY ix_export_error (export_id)
) ENGINE=InnoDB;

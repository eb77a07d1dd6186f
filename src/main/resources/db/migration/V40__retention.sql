-- Retention (issue 7): policies and labels for the location "Enterprise AI apps", the recoverable
-- area that expired items pass through before they are purged, the per-item disposal ledger and the
-- run counters of the disposition job.

-- A retention policy. days NULL = forever (retain only). scope_kind 'users'/'workspaces' lists its
-- members in retention_policy_scope. Deleted policies are kept (deleted_at) so that past decisions
-- stay explainable.
CREATE TABLE retention_policy (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    scope_kind        VARCHAR(16)   NOT NULL,
    action            VARCHAR(24)   NOT NULL,
    days              INT,
    basis             VARCHAR(16)   NOT NULL,
    delete_at_source  BOOLEAN       NOT NULL DEFAULT FALSE,
    created_by        VARCHAR(320)  NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    updated_by        VARCHAR(320),
    updated_at        DATETIME(6),
    deleted_at        DATETIME(6),
    KEY ix_retention_policy_name (name)
) ENGINE=InnoDB;

-- Members of a scoped policy: kind 'user' (value = lower-cased e-mail) or 'workspace' (workspace id).
CREATE TABLE retention_policy_scope (
    policy_id  BIGINT        NOT NULL,
    kind       VARCHAR(16)   NOT NULL,
    value      VARCHAR(320) COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (policy_id, kind, value)
) ENGINE=InnoDB;

-- A retention label: the same settings as a policy, applied explicitly to items or conversations.
CREATE TABLE retention_label (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    action            VARCHAR(24)   NOT NULL,
    days              INT,
    basis             VARCHAR(16)   NOT NULL,
    delete_at_source  BOOLEAN       NOT NULL DEFAULT FALSE,
    created_by        VARCHAR(320)  NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    deleted_at        DATETIME(6),
    KEY ix_retention_label_name (name)
) ENGINE=InnoDB;

-- One label per item (as in Purview); a label on the item beats a label on its conversation.
CREATE TABLE retention_label_item (
    item_id     BIGINT        NOT NULL PRIMARY KEY,
    label_id    BIGINT        NOT NULL,
    applied_by  VARCHAR(320)  NOT NULL,
    applied_at  DATETIME(6)   NOT NULL,
    KEY ix_retention_label_item_label (label_id)
) ENGINE=InnoDB;

CREATE TABLE retention_label_conversation (
    workspace_id     VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    conversation_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    label_id         BIGINT        NOT NULL,
    applied_by       VARCHAR(320)  NOT NULL,
    applied_at       DATETIME(6)   NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id),
    KEY ix_retention_label_conversation_label (label_id)
) ENGINE=InnoDB;

-- Purging removes the native bytes of an attachment's file once nothing references it any more.
ALTER TABLE attachment ADD KEY ix_attachment_file (workspace_id, file_id);

-- The recoverable area (Purview's SubstrateHolds): expired items leave the mailbox (mail_item and
-- attachment rows) for these mirror tables, keeping their ids, and are purged from here after the grace
-- period. They stay searchable (FULLTEXT) for eDiscovery. Conversation rows and native file bytes stay
-- in place until the last item that needs them is purged. The disposition job refuses to run while a
-- mirror lacks a column of its live table.
CREATE TABLE recoverable_item LIKE mail_item;
-- a message that is collected again after its item was disposed must not collide with the old copy
ALTER TABLE recoverable_item DROP INDEX uk_mail_item, ADD KEY ix_recoverable_item_message (workspace_id, message_id);
CREATE TABLE recoverable_attachment LIKE attachment;
ALTER TABLE recoverable_attachment DROP INDEX uk_attachment,
    ADD KEY ix_recoverable_attachment_message (workspace_id, message_id, file_id);

-- Ledger of every item the disposition job moved, restored or purged (no content): what decided it,
-- when, in which run. A purged item leaves only this row and its audit records.
CREATE TABLE retention_disposal (
    item_id          BIGINT        NOT NULL PRIMARY KEY,
    workspace_id     VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    message_id       VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    mailbox_id       BIGINT        NOT NULL,
    conversation_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    stage            VARCHAR(16)   NOT NULL,
    rule             VARCHAR(400)  NOT NULL,
    delete_at        DATETIME(6)   NOT NULL,
    moved_run        CHAR(36)      NOT NULL,
    moved_as_of      DATETIME(6)   NOT NULL,
    moved_at         DATETIME(6)   NOT NULL,
    purge_after      DATETIME(6)   NOT NULL,
    delete_at_source BOOLEAN       NOT NULL DEFAULT FALSE,
    purged_run       CHAR(36),
    purged_at        DATETIME(6),
    restored_at      DATETIME(6),
    KEY ix_retention_disposal_due (stage, purge_after),
    KEY ix_retention_disposal_conversation (workspace_id, conversation_id)
) ENGINE=InnoDB;

-- Counters of one disposition run (a job instance; restarts add to the same row, in the chunk
-- transactions, so they are exact).
CREATE TABLE retention_run (
    run_id                CHAR(36)      NOT NULL PRIMARY KEY,
    as_of                 DATETIME(6)   NOT NULL,
    dry_run               BOOLEAN       NOT NULL,
    started_by            VARCHAR(320)  NOT NULL,
    created_at            DATETIME(6)   NOT NULL,
    evaluated             BIGINT        NOT NULL DEFAULT 0,
    retained              BIGINT        NOT NULL DEFAULT 0,
    recoverable           BIGINT        NOT NULL DEFAULT 0,
    held                  BIGINT        NOT NULL DEFAULT 0,
    purged                BIGINT        NOT NULL DEFAULT 0,
    restored              BIGINT        NOT NULL DEFAULT 0,
    source_deleted        BIGINT        NOT NULL DEFAULT 0,
    source_delete_failed  BIGINT        NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- Deletion at the source (Compliance API DELETE conversation), requested when the last item of a
-- conversation is purged under a rule that asks for it; done after the purge committed, at least once.
CREATE TABLE retention_source_deletion (
    workspace_id     VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    conversation_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    mailbox_id       BIGINT        NOT NULL,
    rule             VARCHAR(400)  NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    detail           VARCHAR(1024),
    requested_run    CHAR(36)      NOT NULL,
    requested_at     DATETIME(6)   NOT NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    last_run         CHAR(36),
    done_at          DATETIME(6),
    PRIMARY KEY (workspace_id, conversation_id),
    KEY ix_retention_source_deletion_status (status)
) ENGINE=InnoDB;

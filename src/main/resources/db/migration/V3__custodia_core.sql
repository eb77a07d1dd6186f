-- Custodia core schema: collection staging, mailbox-style records, unified audit log.
-- Identifiers from the API (workspace, user, conversation, message, file ids) are case-sensitive
-- (base62), so their columns use a binary collation; text columns keep the case-insensitive default
-- that search wants.

-- Collection: per workspace and stream, where the next poll resumes.
CREATE TABLE source_checkpoint (
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    stream        VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    cursor_value  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (workspace_id, stream)
) ENGINE=InnoDB;

-- Raw Logs Platform files exactly as downloaded (hash verified), waiting for or done with ingest.
CREATE TABLE staged_log_file (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    event_type    VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    file_id       VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
    file_name     VARCHAR(255),
    end_time      DATETIME(6)  NOT NULL,
    file_size     BIGINT       NOT NULL,
    sha256        CHAR(64)     NOT NULL,
    body          LONGBLOB     NOT NULL,
    status        VARCHAR(16)  NOT NULL DEFAULT 'READY',
    landed_at     DATETIME(6)  NOT NULL,
    ingested_at   DATETIME(6),
    UNIQUE KEY uk_staged_log_file (workspace_id, file_id),
    KEY ix_staged_log_file_status (status, id)
) ENGINE=InnoDB;

-- Native bytes of files users uploaded (fetched right after polling: the API keeps them only briefly).
CREATE TABLE file_blob (
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    file_id       VARCHAR(128) COLLATE utf8mb4_bin NOT NULL,
    user_id       VARCHAR(64) COLLATE utf8mb4_bin,
    name          VARCHAR(512),
    content_type  VARCHAR(255),
    size_bytes    BIGINT,
    sha256        CHAR(64),
    body          LONGBLOB,
    status        VARCHAR(16)  NOT NULL,
    error         VARCHAR(1024),
    fetched_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (workspace_id, file_id)
) ENGINE=InnoDB;

-- Whatever could not be processed, with the reason and the raw bytes; nothing is dropped silently.
CREATE TABLE quarantine (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin,
    source        VARCHAR(64)   NOT NULL,
    reference     VARCHAR(255) COLLATE utf8mb4_bin  NOT NULL,
    reason        VARCHAR(2048) NOT NULL,
    raw           LONGBLOB,
    created_at    DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_quarantine (source, reference),
    KEY ix_quarantine_created (created_at)
) ENGINE=InnoDB;

-- The custodian directory (workspace users list).
CREATE TABLE custodian (
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    user_id       VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    email         VARCHAR(320) NOT NULL,
    name          VARCHAR(255),
    role          VARCHAR(64),
    status        VARCHAR(32),
    created_at    DATETIME(6),
    synced_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (workspace_id, user_id),
    KEY ix_custodian_email (email)
) ENGINE=InnoDB;

-- One mailbox per user and workspace.
CREATE TABLE mailbox (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace_id  VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    user_id       VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    email         VARCHAR(320) NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    UNIQUE KEY uk_mailbox (workspace_id, user_id),
    KEY ix_mailbox_email (email)
) ENGINE=InnoDB;

CREATE TABLE conversation (
    workspace_id      VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    conversation_id   VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    mailbox_id        BIGINT        NOT NULL,
    title             VARCHAR(1024),
    created_at        DATETIME(6),
    last_activity_at  DATETIME(6)   NOT NULL,
    gpt_id            VARCHAR(64) COLLATE utf8mb4_bin,
    gpt_name          VARCHAR(255),
    project_id        VARCHAR(64) COLLATE utf8mb4_bin,
    project_name      VARCHAR(255),
    is_temporary      BOOLEAN       NOT NULL DEFAULT FALSE,
    PRIMARY KEY (workspace_id, conversation_id),
    KEY ix_conversation_mailbox (mailbox_id, last_activity_at)
) ENGINE=InnoDB;

-- One item per prompt and per response, shaped like Purview's mailbox items for AI interactions.
CREATE TABLE mail_item (
    id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace_id       VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    message_id         VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    mailbox_id         BIGINT        NOT NULL,
    conversation_id    VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    parent_id          VARCHAR(64) COLLATE utf8mb4_bin,
    kind               VARCHAR(16)   NOT NULL,
    item_class         VARCHAR(128)  NOT NULL,
    folder             VARCHAR(64)   NOT NULL,
    sender             VARCHAR(320)  NOT NULL,
    recipients         VARCHAR(1024) NOT NULL,
    subject            VARCHAR(1024),
    body               MEDIUMTEXT,
    body_sha256        CHAR(64)      NOT NULL,
    size_bytes         INT           NOT NULL,
    sent_at            DATETIME(6)   NOT NULL,
    client_type        VARCHAR(32),
    model              VARCHAR(64),
    gpt_id             VARCHAR(64) COLLATE utf8mb4_bin,
    project_id         VARCHAR(64) COLLATE utf8mb4_bin,
    has_attachments    BOOLEAN       NOT NULL DEFAULT FALSE,
    sensitivity_label  VARCHAR(255),
    sit_count          INT           NOT NULL DEFAULT 0,
    source_event_id    VARCHAR(64) COLLATE utf8mb4_bin,
    ingested_at        DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_mail_item (workspace_id, message_id),
    KEY ix_mail_item_mailbox_sent (mailbox_id, sent_at),
    KEY ix_mail_item_conversation (workspace_id, conversation_id, sent_at),
    KEY ix_mail_item_sent (sent_at),
    FULLTEXT KEY ft_mail_item (subject, body)
) ENGINE=InnoDB;

CREATE TABLE attachment (
    id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    item_id            BIGINT        NOT NULL,
    workspace_id       VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    message_id         VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    file_id            VARCHAR(128) COLLATE utf8mb4_bin  NOT NULL,
    name               VARCHAR(512),
    content_type       VARCHAR(255),
    size_bytes         BIGINT,
    sha256             CHAR(64),
    extracted_text     MEDIUMTEXT,
    extraction_status  VARCHAR(16)   NOT NULL,
    extraction_detail  VARCHAR(1024),
    metadata           MEDIUMTEXT,
    sensitivity_label  VARCHAR(255),
    UNIQUE KEY uk_attachment (workspace_id, message_id, file_id),
    KEY ix_attachment_item (item_id),
    FULLTEXT KEY ft_attachment (name, extracted_text)
) ENGINE=InnoDB;

-- Unified audit log, in the shape of Purview's AuditRecord (AuditData holds the full JSON record).
CREATE TABLE audit_record (
    seq            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    id             CHAR(36)      NOT NULL,
    source_key     VARCHAR(255) COLLATE utf8mb4_bin  NOT NULL,
    record_type    INT           NOT NULL,
    operation      VARCHAR(64)   NOT NULL,
    workload       VARCHAR(64),
    creation_time  DATETIME(6)   NOT NULL,
    user_id        VARCHAR(320),
    workspace_id   VARCHAR(64) COLLATE utf8mb4_bin,
    object_id      VARCHAR(255) COLLATE utf8mb4_bin,
    result_status  VARCHAR(32),
    client_ip      VARCHAR(64),
    audit_data     MEDIUMTEXT    NOT NULL,
    original       MEDIUMTEXT,
    recorded_at    DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_audit_source (source_key),
    UNIQUE KEY uk_audit_id (id),
    KEY ix_audit_time (creation_time),
    KEY ix_audit_operation (operation, creation_time),
    KEY ix_audit_user (user_id, creation_time)
) ENGINE=InnoDB;

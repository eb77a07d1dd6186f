-- Classification results: sensitive information types per item body and per attachment, as Purview
-- reports them per item (type, count, highest confidence). Character spans are not stored: they would
-- only locate the sensitive values, which the item text already holds.
CREATE TABLE item_sit_match (
    item_id        BIGINT        NOT NULL,
    workspace_id   VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    message_id     VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    -- '' for the item's body, else the attachment's file id
    file_id        VARCHAR(128) COLLATE utf8mb4_bin  NOT NULL DEFAULT '',
    sit_id         VARCHAR(64) COLLATE utf8mb4_bin   NOT NULL,
    match_count    INT           NOT NULL,
    confidence     SMALLINT      NOT NULL,
    PRIMARY KEY (workspace_id, message_id, file_id, sit_id),
    KEY ix_item_sit_match_item (item_id),
    KEY ix_item_sit_match_sit (sit_id, confidence)
) ENGINE=InnoDB;

-- sensitiveItems in /api/v1/stats and SensitiveType: searches filter on these
CREATE INDEX ix_mail_item_sit_count ON mail_item (sit_count);
CREATE INDEX ix_mail_item_label ON mail_item (sensitivity_label);

-- GPTs and projects of each workspace (Compliance API /gpts, /projects; issue 3): names, owners and the
-- latest config, so that items that used them can show them. Referenced ones the list does not return
-- (deleted, third-party) are looked up by id: a 404 is normal and kept as NOT_FOUND.
CREATE TABLE source_catalog (
    workspace_id   VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    object_id      VARCHAR(64) COLLATE utf8mb4_bin  NOT NULL,
    kind           VARCHAR(16)  NOT NULL,   -- gpt | project
    name           VARCHAR(255),
    owner_id       VARCHAR(64) COLLATE utf8mb4_bin,
    owner_email    VARCHAR(320),
    visibility     VARCHAR(64),
    status         VARCHAR(16)  NOT NULL,   -- LISTED | LOOKED_UP | NOT_FOUND
    latest_config  LONGTEXT,                -- the latest config object as the API sent it
    original       LONGTEXT,                -- the whole GPT/project object as the API sent it
    first_seen_at  DATETIME(6)  NOT NULL,
    synced_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (workspace_id, object_id),
    KEY ix_source_catalog_kind (workspace_id, kind)
) ENGINE=InnoDB;

-- Items with the names and owners of the GPT and project they used.
CREATE VIEW mail_item_agent AS
SELECT i.id AS item_id, i.workspace_id, i.message_id, i.conversation_id,
       i.gpt_id, COALESCE(g.name, c.gpt_name) AS gpt_name, g.owner_email AS gpt_owner_email, g.status AS gpt_status,
       i.project_id, COALESCE(p.name, c.project_name) AS project_name, p.owner_email AS project_owner_email,
       p.status AS project_status
FROM mail_item i
LEFT JOIN conversation c ON c.workspace_id = i.workspace_id AND c.conversation_id = i.conversation_id
LEFT JOIN source_catalog g ON g.workspace_id = i.workspace_id AND g.object_id = i.gpt_id
LEFT JOIN source_catalog p ON p.workspace_id = i.workspace_id AND p.object_id = i.project_id
WHERE i.gpt_id IS NOT NULL OR i.project_id IS NOT NULL;

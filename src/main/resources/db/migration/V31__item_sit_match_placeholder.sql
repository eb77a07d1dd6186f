-- Placeholder for the per-item sensitive information type matches that the classification issue adds
-- (its V2x migration). eDiscovery's SensitiveType: property and the search statistics read this table
-- (see SensitiveTypeMatches). IF NOT EXISTS: where the classification migration already created it,
-- this does nothing. Align the name and columns at merge if that migration differs.
CREATE TABLE IF NOT EXISTS item_sit_match (
    item_id     BIGINT      NOT NULL,
    sit_id      VARCHAR(64) NOT NULL,
    count       INT         NOT NULL,
    confidence  INT         NOT NULL,
    PRIMARY KEY (item_id, sit_id)
) ENGINE=InnoDB;

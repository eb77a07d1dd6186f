-- One row that every transaction writing a FULLTEXT-indexed table (mail_item, attachment and their
-- recoverable mirrors) locks before its first such write, held until it commits (FulltextWriteOrder).
-- InnoDB gives each new row a FULLTEXT document id at insert time but indexes it at commit; when a
-- transaction with lower document ids commits after one with higher ids, phrase searches stop finding
-- the earlier transaction's rows (seen on MariaDB 10.11 and 11.4 with two ingest partitions; only a
-- table rebuild repairs the index). The lock makes document id order and commit order the same.
CREATE TABLE fulltext_write_order (
    id    TINYINT      NOT NULL PRIMARY KEY,
    note  VARCHAR(200) NOT NULL
) ENGINE=InnoDB;

INSERT INTO fulltext_write_order (id, note)
VALUES (1, 'locked FOR UPDATE by every transaction that inserts into a FULLTEXT-indexed table');

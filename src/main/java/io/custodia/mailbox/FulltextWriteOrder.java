package io.custodia.mailbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Serialises the transactions that insert into FULLTEXT-indexed tables ({@code mail_item}, {@code attachment}
 * and their recoverable mirrors), across threads and nodes, from their first such insert to their commit.
 * <p>
 * Why: InnoDB assigns a row's FULLTEXT document id when the row is inserted but adds it to the index when
 * its transaction commits. If a transaction holding lower document ids commits after one holding higher ids
 * (two ingest partitions do this all the time), MariaDB's phrase search ({@code "rollout in Denver"}) no longer
 * finds the rows of the earlier transaction, while single words still match — reproduced with two plain SQL
 * sessions on MariaDB 10.11, seen with two ingest partitions on 11.4; {@code OPTIMIZE TABLE} does not repair it, a rebuild
 * ({@code ALTER TABLE … FORCE}) does. Taking one row lock just before the first FULLTEXT insert and keeping it
 * until commit makes document id order equal commit order. Everything a chunk does before that point
 * (parsing, classification, mailbox and conversation upserts, audit records and outbox events: the ingest
 * writes its FULLTEXT rows last) still runs in parallel.
 */
@Component
public class FulltextWriteOrder {

    private final JdbcTemplate jdbc;

    public FulltextWriteOrder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the lock for the rest of the current transaction (released by its commit or rollback). */
    public void lockUntilCommit() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // without a transaction the lock would be released at once and protect nothing
            throw new IllegalStateException("FULLTEXT-indexed tables must be written inside a transaction");
        }
        jdbc.queryForObject("SELECT id FROM fulltext_write_order WHERE id = 1 FOR UPDATE", Integer.class);
    }
}

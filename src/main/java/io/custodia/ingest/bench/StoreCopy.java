package io.custodia.ingest.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Copies a workspace's stored rows into scratch tables ({@code CREATE TABLE bench_<t> LIKE <t>}: same columns and
 * indexes, FULLTEXT included; no triggers or foreign keys) with plain JDBC batches — at most {@value #BATCH} rows and
 * about {@value #BATCH_BYTES} bytes each, one transaction per batch — and times only the inserts and their commits.
 * With {@code mail_item} alone this is the bench's ceiling; with every table the pipeline writes it is the floor:
 * what storing a run's rows costs with the ceiling's statements and nothing in front of them.
 */
final class StoreCopy {

    static final int BATCH = 1000;
    static final int BATCH_BYTES = 4 << 20;

    /**
     * A table to copy.
     *
     * @param pageColumn a column unique within a workspace to read the rows in pages by (null: pages by offset)
     * @param generated  the page column is an auto-increment key: left out of the copy, which assigns its own
     * @param offsetOrder without a page column: columns unique within a workspace, so that pages by offset neither
     *                    repeat nor skip rows
     */
    record Table(String name, String pageColumn, boolean generated, String offsetOrder) {
        Table(String name, String pageColumn, boolean generated) {
            this(name, pageColumn, generated, null);
        }
    }

    /** The rows a bench run stores for its workspace (the job repository and checkpoints left out). */
    static final List<Table> STORE = List.of(
            new Table("staged_log_file", "id", true),
            new Table("file_blob", "file_id", false),
            new Table("mailbox", "id", true),
            new Table("conversation", "conversation_id", false),
            new Table("mail_item", "id", true),
            new Table("attachment", "id", true),
            new Table("item_sit_match", null, false, "message_id, file_id, sit_id"),
            new Table("audit_record", "seq", true),
            new Table("outbox_event", "seq", true));

    /**
     * What copying one table took: rows, bytes of values, seconds of inserts and commits, and the CPU seconds the
     * server and this JVM (the JDBC client, and whatever else the idle hub ran) used during them.
     */
    record Copied(String table, long rows, long bytes, double seconds, BenchProbe.Cpu cpu) {
        Copied plus(Copied other) {
            return new Copied(table, rows + other.rows, bytes + other.bytes, seconds + other.seconds,
                    cpu.plus(other.cpu));
        }
    }

    private StoreCopy() {
    }

    static Copied copy(DataSource dataSource, String workspaceId, Table table) {
        String scratch = "bench_" + table.name();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + scratch);
            s.execute("CREATE TABLE " + scratch + " LIKE " + table.name());
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table.name() + " LIMIT 0")) {
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    if (!(table.generated() && table.pageColumn().equalsIgnoreCase(meta.getColumnName(i)))) {
                        columns.add(meta.getColumnName(i));
                    }
                }
            }
            String list = String.join(", ", columns);
            String insert = "INSERT INTO " + scratch + " (" + list + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
            String read = table.pageColumn() == null
                    ? "SELECT NULL, " + list + " FROM " + table.name() + " WHERE workspace_id = ? ORDER BY "
                        + table.offsetOrder() + " LIMIT " + BATCH + " OFFSET ?"
                    : "SELECT " + table.pageColumn() + ", " + list + " FROM " + table.name() + " WHERE workspace_id = ? AND "
                        + table.pageColumn() + " > ? ORDER BY " + table.pageColumn() + " LIMIT " + BATCH;
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            long nanos = 0;
            BenchProbe.Cpu cpu = new BenchProbe.Cpu(0, 0);
            long rows = 0;
            long bytes = 0;
            Object after = table.pageColumn() == null ? null : (table.generated() ? (Object) 0L : "");
            try (PreparedStatement reader = c.prepareStatement(read); PreparedStatement write = c.prepareStatement(insert)) {
                while (true) {
                    reader.setString(1, workspaceId);
                    reader.setObject(2, table.pageColumn() == null ? (Object) rows : after);
                    List<Object[]> page = new ArrayList<>(BATCH);
                    long pageBytes = 0;
                    try (ResultSet rs = reader.executeQuery()) {
                        // a page ends early past the byte budget (staged files, uploads); the next one starts after it
                        while (pageBytes < BATCH_BYTES && rs.next()) {
                            after = rs.getObject(1);
                            Object[] row = new Object[columns.size()];
                            for (int i = 0; i < row.length; i++) {
                                row[i] = rs.getObject(i + 2);
                                pageBytes += size(row[i]);
                            }
                            page.add(row);
                        }
                    }
                    c.commit();
                    if (page.isEmpty()) {
                        break;
                    }
                    BenchProbe.Cpu cpu0 = BenchProbe.cpu();
                    long t = System.nanoTime();
                    for (Object[] row : page) {
                        for (int i = 0; i < row.length; i++) {
                            write.setObject(i + 1, row[i]);
                        }
                        write.addBatch();
                    }
                    write.executeBatch();
                    c.commit();
                    nanos += System.nanoTime() - t;
                    cpu = cpu.plus(BenchProbe.cpu().minus(cpu0));
                    rows += page.size();
                    bytes += pageBytes;
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
            s.execute("DROP TABLE " + scratch);
            return new Copied(table.name(), rows, bytes, nanos / 1e9, cpu);
        } catch (SQLException e) {
            throw new IllegalStateException("copying " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static long size(Object value) {
        if (value instanceof byte[] b) {
            return b.length;
        }
        if (value instanceof String str) {
            return str.length();
        }
        return value == null ? 0 : 8;
    }
}

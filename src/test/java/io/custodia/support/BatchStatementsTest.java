package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

class BatchStatementsTest {

    private final List<List<Object>> statements = new ArrayList<>();
    private final JdbcOperations jdbc = mock(JdbcOperations.class);

    /** Every call in order: "SQL first..last" (first values of the rows), bulk inserts and text statements alike. */
    private final List<String> calls = new ArrayList<>();
    /** Statements the bulk insert prepared: one per {@code insertOrKeep} call. */
    private final List<String> prepared = new ArrayList<>();
    /** First value of the first row of an insert statement that fails, and how (as the driver reports it). */
    private Object failAt;
    private SQLException failure = new BatchUpdateException("Duplicate entry '9' for key 'PRIMARY'", "23000", 1062,
            new int[0], new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062));

    BatchStatementsTest() throws SQLException {
        when(jdbc.batchUpdate(any(String.class), anyList())).thenAnswer(call -> {
            List<Object[]> rows = call.getArgument(1);
            List<Object> firsts = rows.stream().map(r -> r[0]).toList();
            record(call.getArgument(0), firsts);
            return new int[rows.size()];
        });
        // the bulk path binds rows on one prepared statement and executes it per statement
        Connection con = mock(Connection.class);
        PreparedStatement ps = mock(PreparedStatement.class);
        when(con.prepareStatement(any(String.class))).thenAnswer(call -> {
            prepared.add(call.getArgument(0));
            return ps;
        });
        List<Object> batch = new ArrayList<>();
        doAnswer(call -> {
            if ((int) call.getArgument(0) == 1) {
                batch.add(call.getArgument(1));
            }
            return null;
        }).when(ps).setObject(anyInt(), any());
        when(ps.executeBatch()).thenAnswer(call -> {
            List<Object> firsts = List.copyOf(batch);
            batch.clear();
            record(prepared.get(prepared.size() - 1), firsts);
            if (firsts.get(0).equals(failAt)) {
                throw failure;
            }
            return new int[firsts.size()];
        });
        // Spring binds a null after asking which database it is
        DatabaseMetaData metaData = mock(DatabaseMetaData.class);
        when(metaData.getDatabaseProductName()).thenReturn("MariaDB");
        when(metaData.getDriverName()).thenReturn("MariaDB Connector/J");
        when(con.getMetaData()).thenReturn(metaData);
        when(ps.getConnection()).thenReturn(con);
        when(jdbc.execute(any(ConnectionCallback.class))).thenAnswer(call ->
                ((ConnectionCallback<?>) call.getArgument(0)).doInConnection(con));
    }

    private void record(String sql, List<Object> firsts) {
        calls.add(sql + " " + firsts.get(0) + ".." + firsts.get(firsts.size() - 1));
        if (sql.equals("INSERT")) {
            statements.add(firsts);
        }
    }

    /** id, a body of the given length, a null. */
    private static Object[] row(int id, int bodyChars) {
        return new Object[]{id, "x".repeat(bodyChars), null};
    }

    private static List<Object[]> rows(int count, int bodyChars) {
        return IntStream.range(0, count).mapToObj(i -> row(i, bodyChars)).toList();
    }

    @Test
    void aLargeBatchGoesOutAsStatementsUnderTheDriversMediumBufferInOrder() {
        // text statements (escaped: the driver reserves twice the bytes) take half as much as bulk ones
        BatchStatements.update(jdbc, "INSERT", rows(25, 10_000));
        assertThat(statements).hasSize(7);
        assertThat(statements.get(0)).hasSize(4);
        assertThat(statements.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        for (List<Object> s : statements) {
            assertThat(s.size() * 10_000L * 2).isLessThanOrEqualTo(BatchStatements.STATEMENT_BYTES);
        }
        statements.clear();
        BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows(25, 10_000));
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).hasSize(9);
        for (List<Object> s : statements) {
            assertThat(s.size() * 10_000L).isLessThanOrEqualTo(BatchStatements.STATEMENT_BYTES);
        }
    }

    @Test
    void aRowLargerThanAStatementGoesAloneAndSmallBatchesStayOneStatement() {
        BatchStatements.update(jdbc, "INSERT", List.of(row(1, 100), row(2, 300_000), row(3, 100)));
        assertThat(statements).containsExactly(List.of(1), List.of(2), List.of(3));
        statements.clear();
        BatchStatements.update(jdbc, "INSERT", List.of(row(1, 100), row(2, 100), row(3, 100)));
        assertThat(statements).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void insertsGoOutGroupedByTheirNullValuesInOrderWithinAGroup() {
        List<Object[]> rows = List.of(
                new Object[]{1, null, "m"},
                new Object[]{2, "p", null},
                new Object[]{3, null, "m"},
                new Object[]{4, "p", "m"},
                new Object[]{5, "p", null});
        BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows);
        // one statement; rows with the same nulls next to each other (the driver's bulk packets break where types
        // change), groups in the order of their first row
        assertThat(statements).containsExactly(List.of(1, 3, 2, 5, 4));
        statements.clear();
        List<Object[]> alike = List.of(new Object[]{7, null}, new Object[]{8, null});
        assertThat(BatchStatements.groupedByNulls(alike)).isSameAs(alike);
    }

    @Test
    void aStatementRefusedOnIntegrityGoesAgainAsTheUpsertAndTheOthersStayInsertsOnOnePreparedStatement() {
        failAt = 9;
        List<Object[]> rows = rows(25, 10_000);
        BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows);
        assertThat(calls).containsExactly("INSERT 0..8", "INSERT 9..17", "INSERT 18..24", "UPSERT 9..17");
        // the server prepares the insert once for the three statements
        assertThat(prepared).containsExactly("INSERT");
    }

    @Test
    void anErrorThatIsNotAboutIntegrityIsNotRetriedAsTheUpsert() {
        failAt = 9;
        failure = new BatchUpdateException("Deadlock found when trying to get lock", "40001", 1213, new int[0],
                new SQLTransactionRollbackException("Deadlock found", "40001", 1213));
        assertThatThrownBy(() -> BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows(25, 10_000)))
                .isSameAs(failure); // JdbcTemplate.execute translates it (here a mock: as thrown)
        assertThat(calls).containsExactly("INSERT 0..8", "INSERT 9..17");
    }

    @Test
    void aRowIsSizedByItsTextAndBytesAndAShortLiteralForAnythingElse() {
        // 8 per row + id 24 + body 1,000 + 4 + null 24 + ten bytes 10 + 4 (escaping is in the text budget)
        assertThat(BatchStatements.estimatedBytes(new Object[]{7, "y".repeat(1000), null, new byte[10]}))
                .isEqualTo(8 + 24 + 1004 + 24 + 14);
    }

    @Test
    void theNullMaskHasABitPerNullValue() {
        assertThat(BatchStatements.nullMask(new Object[]{1, null, "a", null})).isEqualTo(0b1010);
        assertThat(BatchStatements.nullMask(new Object[]{1, 2})).isZero();
    }
}

package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;

class BatchStatementsTest {

    private final List<List<Object>> statements = new ArrayList<>();
    private final JdbcOperations jdbc = mock(JdbcOperations.class);

    BatchStatementsTest() {
        when(jdbc.batchUpdate(eq("INSERT"), anyList())).thenAnswer(call -> {
            List<Object[]> rows = call.getArgument(1);
            statements.add(rows.stream().map(r -> r[0]).toList());
            return new int[rows.size()];
        });
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
    void aStatementRefusedOnIntegrityGoesAgainAsTheUpsertAndTheOthersStayInserts() {
        List<String> calls = new ArrayList<>();
        when(jdbc.batchUpdate(any(String.class), anyList())).thenAnswer(call -> {
            List<Object[]> batch = call.getArgument(1);
            String sql = call.getArgument(0);
            calls.add(sql + " " + batch.get(0)[0] + ".." + batch.get(batch.size() - 1)[0]);
            if (sql.equals("INSERT") && (int) batch.get(0)[0] == 9) {
                throw new DuplicateKeyException("Duplicate entry");
            }
            return new int[batch.size()];
        });
        List<Object[]> rows = rows(25, 10_000);
        BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows);
        assertThat(calls).containsExactly("INSERT 0..8", "INSERT 9..17", "UPSERT 9..17", "INSERT 18..24");
        // an error that is not about integrity is not retried
        when(jdbc.batchUpdate(any(String.class), anyList())).thenThrow(new CannotAcquireLockException("deadlock"));
        assertThatThrownBy(() -> BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows))
                .isInstanceOf(CannotAcquireLockException.class);
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

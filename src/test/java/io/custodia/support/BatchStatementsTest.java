package io.custodia.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

class BatchStatementsTest {

    private final List<List<Object>> statements = new ArrayList<>();
    private final NamedParameterJdbcTemplate jdbc = mock(NamedParameterJdbcTemplate.class);

    BatchStatementsTest() {
        when(jdbc.batchUpdate(eq("INSERT"), any(SqlParameterSource[].class))).thenAnswer(call -> {
            SqlParameterSource[] rows = call.getArgument(1);
            List<Object> ids = new ArrayList<>();
            for (SqlParameterSource r : rows) {
                ids.add(r.getValue("id"));
            }
            statements.add(ids);
            return new int[rows.length];
        });
    }

    private static SqlParameterSource row(int id, int bodyChars) {
        return new MapSqlParameterSource("id", id).addValue("body", "x".repeat(bodyChars)).addValue("n", null);
    }

    @Test
    void aLargeBatchGoesOutAsStatementsUnderTheDriversMediumBufferInOrder() {
        SqlParameterSource[] rows = new SqlParameterSource[25];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(i, 10_000);
        }
        BatchStatements.update(jdbc, "INSERT", rows);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).hasSize(9);
        assertThat(statements.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 25).boxed().toList());
        for (List<Object> s : statements) {
            assertThat(s.size() * 10_000L).isLessThanOrEqualTo(BatchStatements.STATEMENT_BYTES);
        }
    }

    @Test
    void aRowLargerThanAStatementGoesAloneAndSmallBatchesStayOneStatement() {
        BatchStatements.update(jdbc, "INSERT", new SqlParameterSource[]{row(1, 100), row(2, 300_000), row(3, 100)});
        assertThat(statements).containsExactly(List.of(1), List.of(2), List.of(3));
        statements.clear();
        BatchStatements.update(jdbc, "INSERT", new SqlParameterSource[]{row(1, 100), row(2, 100), row(3, 100)});
        assertThat(statements).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void insertsGoOutGroupedByTheirNullValuesInOrderWithinAGroup() {
        SqlParameterSource[] rows = {
                new MapSqlParameterSource("id", 1).addValue("parent", null).addValue("model", "m"),
                new MapSqlParameterSource("id", 2).addValue("parent", "p").addValue("model", null),
                new MapSqlParameterSource("id", 3).addValue("parent", null).addValue("model", "m"),
                new MapSqlParameterSource("id", 4).addValue("parent", "p").addValue("model", "m"),
                new MapSqlParameterSource("id", 5).addValue("parent", "p").addValue("model", null)};
        BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows);
        // one statement; rows with the same nulls next to each other (the driver's bulk packets break where types change)
        assertThat(statements).containsExactly(List.of(4, 1, 3, 2, 5));
    }

    @Test
    void aStatementRefusedOnIntegrityGoesAgainAsTheUpsertAndTheOthersStayInserts() {
        List<String> calls = new ArrayList<>();
        when(jdbc.batchUpdate(any(String.class), any(SqlParameterSource[].class))).thenAnswer(call -> {
            SqlParameterSource[] batch = call.getArgument(1);
            String sql = call.getArgument(0);
            calls.add(sql + " " + batch[0].getValue("id") + ".." + batch[batch.length - 1].getValue("id"));
            if (sql.equals("INSERT") && (int) batch[0].getValue("id") == 9) {
                throw new org.springframework.dao.DuplicateKeyException("Duplicate entry");
            }
            return new int[batch.length];
        });
        SqlParameterSource[] rows = new SqlParameterSource[25];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(i, 10_000);
        }
        BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows);
        assertThat(calls).containsExactly("INSERT 0..8", "INSERT 9..17", "UPSERT 9..17", "INSERT 18..24");
        // an error that is not about integrity is not retried
        when(jdbc.batchUpdate(any(String.class), any(SqlParameterSource[].class)))
                .thenThrow(new org.springframework.dao.CannotAcquireLockException("deadlock"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BatchStatements.insertOrKeep(jdbc, "INSERT", "UPSERT", rows))
                .isInstanceOf(org.springframework.dao.CannotAcquireLockException.class);
    }

    @Test
    void anyParameterSourceIsSizedLikeAMapOfTheSameValues() {
        SqlParameterSource map = ((MapSqlParameterSource) row(7, 1000)).addValue("bytes", new byte[10]);
        SqlParameterSource other = new org.springframework.jdbc.core.namedparam.AbstractSqlParameterSource() {
            @Override
            public boolean hasValue(String name) {
                return ((MapSqlParameterSource) map).hasValue(name);
            }

            @Override
            public Object getValue(String name) {
                return map.getValue(name);
            }

            @Override
            public String[] getParameterNames() {
                return map.getParameterNames();
            }
        };
        // 8 per row + id 24 + body 1,000 + 4 + null 24 + ten bytes 2 × 10 + 4 (may be escaped)
        assertThat(BatchStatements.estimatedBytes(map)).isEqualTo(8 + 24 + 1004 + 24 + 24);
        assertThat(BatchStatements.estimatedBytes(other)).isEqualTo(BatchStatements.estimatedBytes(map));
    }
}

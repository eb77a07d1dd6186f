package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class PartitionedLineReaderTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aLineBelongsToThePartitionOfItsActorsUserId() {
        String line = "{\"event_id\":\"e1\",\"principal\":{\"id\":\"ws\",\"user_id\":\"not-this\"},"
                + "\"actor\":{\"type\":\"ACCOUNT_USER\",\"user_id\":\"user-abc\",\"user_email\":\"a@b.c\"},\"message\":{\"id\":\"m\"}}";
        assertThat(PartitionedLineReader.userId(json, line)).isEqualTo("user-abc");
        for (int partitions = 1; partitions <= 5; partitions++) {
            assertThat(PartitionedLineReader.partitionOf(json, line, partitions))
                    .isEqualTo(Math.floorMod("user-abc".hashCode(), partitions));
        }
        // two records run together on one line: the first one's user decides
        assertThat(PartitionedLineReader.userId(json, line + line.replace("user-abc", "user-xyz"))).isEqualTo("user-abc");
    }

    @Test
    void linesWithoutAReadableUserGoToPartitionZero() {
        for (String line : new String[]{"not json", "{\"event_id\": \"x\", \"message\": {", "[1,2]", "{\"actor\":{\"user_id\":7}}",
            "{\"actor\":\"user\"}", "", "{}"}) {
            assertThat(PartitionedLineReader.partitionOf(json, line, 4)).as(line).isZero();
        }
    }
}

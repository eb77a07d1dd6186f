package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StagedBodiesTest {

    private static final byte[] JSONL = """
            {"event_id":"evt_1","type":"CONVERSATION_MESSAGE","message":{"id":"msg_1","content":{"parts":["Grüße aus Zürich"]}}}
            {"event_id":"evt_2","type":"CONVERSATION_MESSAGE","message":{"id":"msg_2","content":{"parts":["rollout in Denver"]}}}
            """.repeat(50).getBytes(StandardCharsets.UTF_8);

    @Test
    void aStagedBodyIsStoredCompressedAndReadBackByteForByte() {
        StagedBodies.Encoded stored = StagedBodies.encode(JSONL);
        assertThat(stored.encoding()).isEqualTo("gzip");
        assertThat(stored.bytes().length).isLessThan(JSONL.length / 4);
        assertThat(StagedBodies.decode(stored.bytes(), stored.encoding())).isEqualTo(JSONL);
    }

    @Test
    void rowsStagedBeforeCompressionAndEmptyBodiesAreReadAsTheyAre() {
        assertThat(StagedBodies.decode(JSONL, "identity")).isEqualTo(JSONL);
        StagedBodies.Encoded empty = StagedBodies.encode(new byte[0]);
        assertThat(empty.encoding()).isEqualTo("identity");
        assertThat(StagedBodies.decode(empty.bytes(), empty.encoding())).isEmpty();
    }

    @Test
    void anUnknownEncodingOrACorruptBodyIsAPreciseError() {
        assertThatThrownBy(() -> StagedBodies.open(JSONL, "br"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown staged body encoding 'br'");
        assertThatThrownBy(() -> StagedBodies.open(JSONL, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StagedBodies.decode(JSONL, "gzip")).hasMessageContaining("not valid gzip");
    }
}

package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Timestamps of the API: the hand-read Logs Platform shape agrees with java.time, other shapes still parse. */
class TimestampsTest {

    @Test
    void theLogsPlatformShapeReadsAsJavaTimeReadsIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000));
            String full = at.toString(); // ISO_INSTANT: 0, 3, 6 or 9 fraction digits
            String base = full.substring(0, 19);
            String fraction = String.format("%09d", at.getNano());
            for (int digits = 0; digits <= 9; digits++) {
                String text = base + (digits == 0 ? "" : "." + fraction.substring(0, digits)) + "Z";
                assertThat(Timestamps.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
                assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
        assertThat(Timestamps.parse("2024-02-29T23:59:59.999999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999999Z"));
    }

    @Test
    void otherShapesFallBackToJavaTime() {
        assertThat(Timestamps.parseUtc("2026-01-05T10:00:00+01:00")).isNull();
        assertThat(Timestamps.parse("2026-01-05T10:00:00+01:00")).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(Timestamps.parse("2026-01-05T10:00:00.5-02:30")).isEqualTo(Instant.parse("2026-01-05T12:30:00.5Z"));
        // float seconds (the stateful endpoints' shape) go through a double: exact to well under a microsecond
        assertThat(java.time.Duration.between(Instant.parse("2026-01-05T10:00:00.25Z"), Timestamps.parse("1767607200.25")).abs())
                .isLessThan(java.time.Duration.ofNanos(1_000));
        // a leap second is java.time's business (it folds it into the last second of the minute)
        assertThat(Timestamps.parseUtc("2016-12-31T23:59:60Z")).isNull();
        assertThat(Timestamps.parse("2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
        // and so is 24:00, the end of a day
        assertThat(Timestamps.parseUtc("2026-01-05T24:00:00Z")).isNull();
        assertThat(Timestamps.parse("2026-01-05T24:00:00Z")).isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
    }

    @Test
    void impossibleDatesAreRejectedWithTheValue() {
        for (String bad : new String[]{"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", 
                "2026-01-05T00:60:00Z", "2026-01-0xT00:00:00Z", "2026-01-05T00:00:00.1234567890Z", "2026-01-05 00:00:00Z"}) {
            assertThat(Timestamps.parseUtc(bad)).as(bad).isNull();
            assertThatThrownBy(() -> Timestamps.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }
}

package io.custodia.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class GapsTest {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void holesBetweenTheCursorAndTheRowsReadAreRemembered() {
        assertThat(Gaps.between(10, List.of(11L, 12L, 15L, 16L, 20L), T0)).containsExactly(
                new Gaps.Range(13, 14, T0), new Gaps.Range(17, 19, T0));
        assertThat(Gaps.between(10, List.of(13L), T0)).containsExactly(new Gaps.Range(11, 12, T0));
        assertThat(Gaps.between(10, List.of(), T0)).isEmpty();
        assertThat(Gaps.between(10, List.of(11L, 12L), T0)).isEmpty();
    }

    @Test
    void foundRowsSplitTheirRangeAndExpiredRangesAreDropped() {
        List<Gaps.Range> gaps = List.of(new Gaps.Range(13, 19, T0.plusSeconds(10)), new Gaps.Range(30, 30, T0),
                new Gaps.Range(40, 41, T0.plusSeconds(10)));
        assertThat(Gaps.remaining(gaps, List.of(13L, 16L, 41L), T0.plusSeconds(5))).containsExactly(
                new Gaps.Range(14, 15, T0.plusSeconds(10)), new Gaps.Range(17, 19, T0.plusSeconds(10)),
                new Gaps.Range(40, 40, T0.plusSeconds(10)));
        assertThat(Gaps.remaining(gaps, List.of(13L, 14L, 15L, 16L, 17L, 18L, 19L, 40L, 41L), T0)).containsExactly(
                new Gaps.Range(30, 30, T0));
    }
}

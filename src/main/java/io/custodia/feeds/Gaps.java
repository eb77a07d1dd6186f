package io.custodia.feeds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Missing {@code seq} ranges below a feed's cursor. An auto-increment {@code seq} is taken at insert
 * time, so a transaction that started earlier can commit a lower {@code seq} after a higher one is
 * already visible; a reader that only asks for {@code seq > cursor} would skip it forever. The reader
 * therefore remembers every hole it stepped over, looks into it on each poll, and forgets it only
 * after a timeout (rolled-back inserts and duplicate-key inserts leave holes that never fill).
 */
public final class Gaps {

    /** Missing seqs {@code from..to}, first seen at {@code seenAt}. */
    public record Range(long from, long to, Instant seenAt) {
        public boolean contains(long seq) {
            return seq >= from && seq <= to;
        }
    }

    private Gaps() {
    }

    /** The holes between {@code cursor} and the seqs read after it (ascending). */
    public static List<Range> between(long cursor, List<Long> seqsRead, Instant seenAt) {
        List<Range> holes = new ArrayList<>();
        long expected = cursor + 1;
        for (long seq : seqsRead) {
            if (seq > expected) {
                holes.add(new Range(expected, seq - 1, seenAt));
            }
            expected = Math.max(expected, seq + 1);
        }
        return holes;
    }

    /** What is left of {@code gaps} once the {@code found} seqs are taken out and the expired ones dropped. */
    public static List<Range> remaining(Collection<Range> gaps, Collection<Long> found, Instant expiredBefore) {
        TreeSet<Long> seqs = new TreeSet<>(found);
        List<Range> left = new ArrayList<>();
        for (Range g : gaps) {
            if (g.seenAt().isBefore(expiredBefore)) {
                continue;
            }
            long from = g.from();
            for (long s : seqs.subSet(g.from(), true, g.to(), true)) {
                if (s > from) {
                    left.add(new Range(from, s - 1, g.seenAt()));
                }
                from = s + 1;
            }
            if (from <= g.to()) {
                left.add(new Range(from, g.to(), g.seenAt()));
            }
        }
        return left;
    }
}

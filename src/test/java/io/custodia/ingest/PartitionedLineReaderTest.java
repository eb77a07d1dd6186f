package io.custodia.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

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

    @Test
    void aLineIsPlacedOnItsBytesExactlyAsOnItsDecodedText() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            String user = r.nextBoolean() ? "user-" + Long.toString(r.nextLong(), 36) : "usér-ü✓" + r.nextInt(1000);
            String line = switch (r.nextInt(7)) {
                case 0 -> "{\"event_id\":\"e" + i + "\",\"actor\":{\"type\":\"ACCOUNT_USER\",\"user_id\":\"" + user
                        + "\"},\"message\":{\"content\":\"Grüße, naïve café – ✓\"}}";
                case 1 -> "{\"event_id\": \"e" + i + "\", \"actor\": {\"user_id\": \"" + user + "\"}, \"n\": " + i + "}";
                case 2 -> "{\"event_id\":\"e" + i + "\",\"message\":{\"content\":\"torn ✓ " + i; // cut before the actor
                case 3 -> "{\"actor\":{\"user_id\":\"" + user + "\"},\"message\":{\"content\":\"cut after ✓ " + i;
                case 4 -> "not json at all " + user;
                case 5 -> r.nextBoolean() ? "" : "   ";
                default -> "{\"actor\":{\"user_id\":\"" + user + "\\u00e9\"}}"; // an escaped character in the id
            };
            byte[] bytes = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
            int length = bytes.length - 4;
            for (int partitions = 2; partitions <= 5; partitions++) {
                assertThat(PartitionedLineReader.partitionOf(json, bytes, 2, length, partitions)).as(line)
                        .isEqualTo(PartitionedLineReader.partitionOf(json, line, partitions));
            }
        }
        // bytes that are not UTF-8 decide as the decoded (replaced) text does
        byte[] broken = "{\"actor\":{\"user_id\":\"u-\u00ff\"}}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PartitionedLineReader.partitionOf(json, broken, 0, broken.length, 3))
                .isEqualTo(PartitionedLineReader.partitionOf(json, new String(broken, StandardCharsets.UTF_8), 3));
    }

    @Test
    void thePartitionsLinesAreSplitAsABufferedReaderDoesAndTheOthersAreNotDecoded() throws Exception {
        String text = mixedLines();
        List<String> expected = reference(text);
        ByteArrayResource file = new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8));
        assertThat(lines(file, 0, 1, null)).containsExactlyElementsOf(expected);
        int partitions = 3;
        List<List<String>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(lines(file, p, partitions, null));
        }
        for (int i = 0; i < expected.size(); i++) {
            int owner = PartitionedLineReader.partitionOf(json, expected.get(i), partitions);
            for (int p = 0; p < partitions; p++) {
                String got = byPartition.get(p).get(i); // same line numbers in every partition
                if (p == owner) {
                    assertThat(got).isEqualTo(expected.get(i));
                } else {
                    assertThat(got).isSameAs(PartitionedLineReader.OTHER_PARTITION);
                }
            }
        }
    }

    @Test
    void aStagedFileIsFetchedAndPlacedOnceForAllPartitionsWithTheSameLinesAsStreamed() throws Exception {
        String text = mixedLines();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int partitions = 3;
        StagedFileSplits splits = new StagedFileSplits(json);
        int[] fetches = new int[1];
        StagedLogFileResource staged = staged(7, bytes, fetches);
        for (int p = 0; p < partitions; p++) {
            assertThat(lines(staged, p, partitions, splits)).as("partition " + p)
                    .containsExactlyElementsOf(lines(new ByteArrayResource(bytes), p, partitions, null));
        }
        assertThat(fetches[0]).isEqualTo(1);
        assertThat(splits.counts()).containsExactly(1, partitions - 1);
        assertThat(splits.keptBytes()).isZero(); // every partition took it: nothing kept
        // one partition is not split for (nothing to share), nor is a file above the bound or of unknown size
        assertThat(StagedFileSplits.splits(staged, 1)).isFalse();
        assertThat(StagedFileSplits.splits(staged(8, new byte[0], fetches, StagedFileSplits.MAX_FILE_BYTES + 1), 2)).isFalse();
        assertThat(StagedFileSplits.splits(staged(9, new byte[0], fetches, -1), 2)).isFalse();
    }

    @Test
    void aPartitionFarBehindFetchesAFileAgainThatWasDroppedToStayWithinTheBound() throws Exception {
        byte[] first = mixedLines().getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"actor\":{\"user_id\":\"user-1\"}}\n{\"actor\":{\"user_id\":\"user-2\"}}\n".getBytes(StandardCharsets.UTF_8);
        long one = StagedFileSplits.Split.of(new java.io.ByteArrayInputStream(first), json, 2).bytes();
        StagedFileSplits splits = new StagedFileSplits(json, one + 10); // room for a, not for a and b
        int[] fetches = new int[1];
        StagedLogFileResource a = staged(1, first, fetches);
        StagedLogFileResource b = staged(2, second, fetches);
        List<String> a0 = lines(a, 0, 2, splits);
        lines(b, 0, 2, splits); // partition 0 runs ahead: a's split is dropped for b's
        assertThat(splits.keptBytes()).isLessThanOrEqualTo(one + 10);
        assertThat(lines(a, 1, 2, splits)).containsExactlyElementsOf(lines(new ByteArrayResource(first), 1, 2, null));
        assertThat(lines(b, 1, 2, splits)).containsExactlyElementsOf(lines(new ByteArrayResource(second), 1, 2, null));
        assertThat(fetches[0]).isEqualTo(3); // a twice, b once: a's second fetch was not kept (both partitions had it)
        assertThat(splits.counts()).containsExactly(3, 1);
        assertThat(splits.keptBytes()).isZero();
        assertThat(a0).hasSameSizeAs(reference(mixedLines()));
    }

    @Test
    void whenTheSharedFetchFailsEachPartitionFailsAsItWouldAlone() {
        StagedFileSplits splits = new StagedFileSplits(json);
        StagedLogFileResource gone = new StagedLogFileResource(3, "ws-1", "CONVERSATION_MESSAGE", "clf_3", 10, null) {
            @Override
            public java.io.InputStream getInputStream() throws java.io.FileNotFoundException {
                throw new java.io.FileNotFoundException(getDescription() + " is no longer staged");
            }
        };
        for (int p = 0; p < 2; p++) {
            int partition = p;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lines(gone, partition, 2, splits))
                    .isInstanceOf(java.io.FileNotFoundException.class).hasMessageContaining("no longer staged");
        }
        assertThat(splits.keptBytes()).isZero();
        assertThat(splits.counts()).containsExactly(0, 0);
    }

    @Test
    void aPartitionWaitingForAFetchThatFailsReadsTheFileItself() throws Exception {
        byte[] bytes = mixedLines().getBytes(StandardCharsets.UTF_8);
        StagedFileSplits splits = new StagedFileSplits(json);
        java.util.concurrent.CountDownLatch fetching = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch fail = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        StagedLogFileResource flaky = new StagedLogFileResource(4, "ws-1", "CONVERSATION_MESSAGE", "clf_4", bytes.length, null) {
            @Override
            public java.io.InputStream getInputStream() throws java.io.FileNotFoundException {
                if (fetches.incrementAndGet() == 1) { // the first fetch fails, once the other partition waits for it
                    fetching.countDown();
                    try {
                        fail.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new java.io.FileNotFoundException("connection reset");
                }
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return lines(flaky, 0, 2, splits);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        fetching.await();
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return lines(flaky, 1, 2, splits);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(200); // the second partition finds the fetch in progress and waits for it
        fail.countDown();
        org.assertj.core.api.Assertions.assertThatThrownBy(first::join).hasRootCauseMessage("connection reset");
        assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .containsExactlyElementsOf(lines(new ByteArrayResource(bytes), 1, 2, null));
        assertThat(fetches.get()).isEqualTo(2); // the failed shared fetch and the waiter's own read
        assertThat(splits.keptBytes()).isZero();
    }

    private static StagedLogFileResource staged(long id, byte[] bytes, int[] fetches) {
        return staged(id, bytes, fetches, bytes.length);
    }

    private static StagedLogFileResource staged(long id, byte[] bytes, int[] fetches, long size) {
        return new StagedLogFileResource(id, "ws-1", "CONVERSATION_MESSAGE", "clf_" + id, size, null) {
            @Override
            public java.io.InputStream getInputStream() {
                fetches[0]++;
                return new java.io.ByteArrayInputStream(bytes);
            }
        };
    }

    /** JSONL with every kind of line end, empty lines, long lines, non-ASCII text and no end after the last line. */
    private static String mixedLines() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("{\"actor\":{\"user_id\":\"user-").append(i % 17).append("\"},\"i\":").append(i)
                    .append(i % 3 == 0 ? ",\"t\":\"Gr\u00fc\u00dfe, \u65e5\u672c \ud83d\ude00\"" : "").append('}');
            text.append(i % 50 == 7 ? "x".repeat(70_000) : "").append(switch (i % 4) { case 0 -> "\n"; case 1 -> "\r\n"; case 2 -> "\r"; default -> "\n\n"; });
        }
        text.append("{\"last\":\"no line end\"}");
        return text.toString();
    }

    private static List<String> reference(String text) throws Exception {
        List<String> expected = new ArrayList<>();
        try (BufferedReader reference = new BufferedReader(new StringReader(text))) {
            for (String l; (l = reference.readLine()) != null; ) {
                expected.add(l);
            }
        }
        return expected;
    }

    private List<String> lines(org.springframework.core.io.Resource file, int partition, int partitions,
                               StagedFileSplits splits) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = PartitionedLineReader.linesOf(json, partition, partitions, splits).create(file, "UTF-8")) {
            for (String l; (l = reader.readLine()) != null; ) {
                // the reader hands lines on as their bytes, one char each; LogLine decodes them
                out.add(l == PartitionedLineReader.OTHER_PARTITION ? l : LogLine.ofRawBytes(l, out.size() + 1).text());
            }
        }
        return out;
    }
}

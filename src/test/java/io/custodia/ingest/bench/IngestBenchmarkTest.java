package io.custodia.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code bench ingest} on a small history with a warm-up: the whole path runs (hub, embedded MariaDB, simulator,
 * warm-up workspace, collection, ingest, ceiling), the store equals the ground truth (exit code 0), the result
 * counts the measured workspace only and the result line has its fixed format.
 * Nothing here is timed.
 */
class IngestBenchmarkTest {

    @Test
    void aSmallRunConvergesAndPrintsTheResultLine() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream tee = new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = IngestBenchmark.run(new String[]{"--messages", "1500", "--users", "20", "--warmup", "300"});
        } finally {
            System.setOut(original);
        }
        List<String> lines = Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\\R"));
        assertThat(exit).as(String.join("\n", lines)).isZero();
        List<String> results = lines.stream().filter(l -> l.startsWith("bench ingest: messages=")).toList();
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).matches("bench ingest: messages=\\d+ seconds=\\d+\\.\\d rate=\\d+ ceiling=\\d+ ratio=\\d+\\.\\d\\d");
        // it is the last thing the bench prints (the hub's shutdown may log after it)
        assertThat(lines.stream().filter(l -> l.startsWith("bench ingest:")).reduce((a, b) -> b)).contains(results.get(0));
        assertThat(lines).anyMatch(l -> l.startsWith("store vs ground truth: items ") && l.endsWith("quarantined 0"));
        // the warm-up workspace was collected in full first and is counted nowhere in the result
        assertThat(lines).anyMatch(l -> l.matches("warm-up: ([\\d,]+) of \\1 messages of a separate workspace in .*not counted\\)"));
        String history = lines.stream().filter(l -> l.startsWith("history: ")).findFirst().orElseThrow();
        String measured = history.replaceAll("history: ([\\d,]+) messages.*", "$1").replace(",", "");
        assertThat(results.get(0)).startsWith("bench ingest: messages=" + measured + " ");
        assertThat(lines).anyMatch(l -> l.startsWith("mariadb: questions "));
        // the machine line says which JIT compilers ran (Surefire's fork runs with the JVM's defaults)
        assertThat(BenchProbe.gc()).isIn("G1", "Serial", "Parallel");
        assertThat(lines).anyMatch(l -> l.startsWith("machine: nproc ") && l.contains(" MB, GC " + BenchProbe.gc() + ", JIT ")
                && l.endsWith(", JIT C1 and C2 (the JVM's default)"));
        // with two partitions or more (the cores), every staged file was fetched once and taken by the other partition
        String split = lines.stream().filter(l -> l.startsWith("split: ")).findFirst().orElseThrow();
        var m = java.util.regex.Pattern.compile("split: ([\\d,]+) staged files fetched and placed once for the partitions, "
                + "([\\d,]+) partition reads served from them").matcher(split);
        assertThat(m.matches()).as(split).isTrue();
        long[] counts = {Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",", ""))};
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertThat(counts[0]).as(split).isPositive();
            assertThat(counts[1]).as(split).isEqualTo(counts[0] * (Runtime.getRuntime().availableProcessors() - 1));
        }
        // the floor copied every row stored for the measured workspace: its items among them, and more rows than items
        String floor = lines.stream().filter(l -> l.startsWith("floor: ")).findFirst().orElseThrow();
        var f = java.util.regex.Pattern.compile("floor: every row stored for the workspace \\(9 tables, ([\\d,]+) rows, .* copied as the"
                + " ceiling copies items in [\\d.]+ s: [\\d,]+ messages/s = (\\d+\\.\\d\\d) of the ceiling; CPU per message: MariaDB [\\d.]+ ms, JVM [\\d.]+ ms").matcher(floor);
        assertThat(f.matches()).as(floor).isTrue();
        assertThat(Long.parseLong(f.group(1).replace(",", ""))).as(floor).isGreaterThan(Long.parseLong(measured));
        assertThat(lines).anyMatch(l -> l.startsWith("  floor by table: staged_log_file ") && l.contains("mail_item " + String.format("%,d", Long.parseLong(measured)) + " rows"));
        // the simulator was pre-filled: every log file rendered before the clock, then served from disk
        assertThat(lines).anyMatch(l -> l.matches("simulator: [1-9][\\d,]* log files \\([\\d,]+ kB of JSONL\\) rendered to disk in .*"));
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> sorted = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        assertThat(FreshnessBenchmark.percentile(sorted, 0.50)).isEqualTo(50.0);
        assertThat(FreshnessBenchmark.percentile(sorted, 0.95)).isEqualTo(95.0);
        assertThat(FreshnessBenchmark.percentile(List.of(7.0), 0.95)).isEqualTo(7.0);
        assertThat(FreshnessBenchmark.percentile(List.of(), 0.5)).isNaN();
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

package io.custodia.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The labelled corpus of {@code samples/classify/*.jsonl}: records {@code {"id","text","expected":[sit…]}},
 * where {@code expected} lists every SIT the text really contains. Scores a classifier per SIT over the
 * whole corpus, at item level (does the item contain the SIT or not), as Purview's per-item counts would be
 * judged.
 */
public record LabelledCorpus(List<Sample> samples) {

    public record Sample(String id, String text, Set<String> expected) {
    }

    /** Per SIT: true positives, false positives, false negatives, and the ids of the mistakes. */
    public record Score(String sit, int tp, int fp, int fn, List<String> falsePositives, List<String> falseNegatives) {

        public double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    public static LabelledCorpus load(Path dir) {
        JsonMapper json = JsonMapper.builder().build();
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = json.readTree(line);
                    Set<String> expected = new LinkedHashSet<>();
                    n.path("expected").forEach(e -> expected.add(e.asString()));
                    samples.add(new Sample(n.path("id").asString(), n.path("text").asString(), Set.copyOf(expected)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LabelledCorpus(List.copyOf(samples));
    }

    public long chars() {
        return samples.stream().mapToLong(s -> s.text().length()).sum();
    }

    /** Scores {@code predicted} (sample → SIT ids found) for each of {@code sits}. */
    public Map<String, Score> score(Iterable<String> sits, Function<Sample, Set<String>> predicted) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, List<String>> fps = new TreeMap<>();
        Map<String, List<String>> fns = new TreeMap<>();
        for (String sit : sits) {
            counts.put(sit, new int[3]);
            fps.put(sit, new ArrayList<>());
            fns.put(sit, new ArrayList<>());
        }
        for (Sample s : samples) {
            Set<String> found = predicted.apply(s);
            for (String sit : counts.keySet()) {
                boolean want = s.expected().contains(sit);
                boolean got = found.contains(sit);
                int[] c = counts.get(sit);
                if (want && got) {
                    c[0]++;
                } else if (got) {
                    c[1]++;
                    fps.get(sit).add(s.id());
                } else if (want) {
                    c[2]++;
                    fns.get(sit).add(s.id());
                }
            }
        }
        Map<String, Score> out = new TreeMap<>();
        counts.forEach((sit, c) -> out.put(sit, new Score(sit, c[0], c[1], c[2], fps.get(sit), fns.get(sit))));
        return out;
    }

    /** A fixed-width table: SIT, positives, precision, recall, and FP/FN counts. */
    public static String table(Map<String, Score> scores) {
        StringBuilder sb = new StringBuilder(String.format("%-24s %5s %5s %4s %4s %9s %7s%n", "sit", "pos", "tp", "fp",
                "fn", "precision", "recall"));
        for (Score s : scores.values()) {
            sb.append(String.format("%-24s %5d %5d %4d %4d %9.3f %7.3f%n", s.sit(), s.tp() + s.fn(), s.tp(), s.fp(), s.fn(),
                    s.precision(), s.recall()));
        }
        return sb.toString();
    }
}

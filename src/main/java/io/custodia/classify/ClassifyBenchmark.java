package io.custodia.classify;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -jar custodia.jar bench classify [--mb 16] [--peer-mb 1] [--peers openredaction,secretlint|none]
 * [--catalog FILE] [--corpus samples/classify] [--peers-dir bench/peers]}
 * <p>
 * Speed: MB of UTF-8 text per second on one thread (= per core), full catalogue on, over a realistic
 * mix ({@link BenchTexts}); the median of several timed passes after warm-up. Side by side: the peers,
 * driven by {@code bench/peers/peers.js} under Node, time their detection on the first {@code --peer-mb}
 * of the same texts, and Custodia is timed on exactly that subset too. Quality: precision and recall per
 * SIT on the labelled corpus, for Custodia and, on the types they share, for each peer. The last line is
 * a one-line summary.
 */
public final class ClassifyBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClassifyBenchmark() {
    }

    public static int main(String[] args) {
        Map<String, String> opts = new HashMap<>(Map.of("--mb", "16", "--peer-mb", "1", "--peers", "openredaction,secretlint",
                "--corpus", "samples/classify", "--peers-dir", "bench/peers"));
        for (int i = 0; i < args.length; i++) {
            if (!opts.containsKey(args[i]) && !args[i].equals("--catalog") || i + 1 >= args.length) {
                System.err.println("usage: bench classify [--mb 16] [--peer-mb 1] [--peers openredaction,secretlint|none]"
                        + " [--catalog FILE] [--corpus DIR] [--peers-dir DIR]");
                return 2;
            }
            opts.put(args[i], args[++i]);
        }
        SitEngine engine;
        try {
            engine = new SitEngine(CatalogLoader.load(opts.containsKey("--catalog") ? Path.of(opts.get("--catalog")) : null));
        } catch (CatalogException e) {
            System.err.println("bench classify: " + e.getMessage());
            return 3;
        }
        Path corpusDir = Path.of(opts.get("--corpus"));
        LabelledCorpus corpus = Files.isDirectory(corpusDir) ? LabelledCorpus.load(corpusDir) : null;
        List<String> sensitive = corpus == null ? List.of() : corpus.samples().stream()
                .filter(s -> s.id().contains("/pos/")).map(LabelledCorpus.Sample::text).toList();
        double mb = Double.parseDouble(opts.get("--mb"));
        List<String> texts = BenchTexts.generate((long) (mb * 1_000_000), sensitive, 42);
        long bytes = utf8(texts);
        int sits = engine.catalog().sits().size();
        System.out.printf("mix: %d texts, %.1f MB UTF-8, %d%% with a planted sensitive value; catalogue: %d SITs (%s)%n",
                texts.size(), bytes / 1e6, 5, sits, engine.catalog().source());

        double custodia = measure(engine, texts, bytes, 5);
        System.out.printf("custodia: %.1f MB/s per core (1 thread, MB per CPU-second, median of 5 passes)%n", custodia);

        // side by side on the same subset
        double peerMb = Double.parseDouble(opts.get("--peer-mb"));
        List<String> subset = new ArrayList<>();
        long subsetChars = 0;
        for (String t : texts) {
            if (subsetChars >= peerMb * 1_000_000) {
                break;
            }
            subset.add(t);
            subsetChars += t.length();
        }
        long subsetBytes = utf8(subset);
        double custodiaSubset = measure(engine, subset, subsetBytes, 5);
        System.out.printf("same %.1f MB subset: custodia %.1f MB/s%n", subsetBytes / 1e6, custodiaSubset);

        Map<String, LabelledCorpus.Score> ours = corpus == null ? Map.of() : corpus.score(
                engine.catalog().sits().stream().map(SitDefinition::id).toList(),
                s -> engine.classify(s.text()).matches().stream().map(SitMatch::sit).collect(Collectors.toSet()));
        if (corpus != null) {
            System.out.println("custodia on the labelled corpus (" + corpus.samples().size() + " samples):");
            System.out.print(LabelledCorpus.table(ours));
        }

        StringBuilder summary = new StringBuilder(String.format("classify: custodia %.1f MB/s per core (%d SITs, %.0f MB mix",
                custodia, sits, bytes / 1e6));
        summary.append(corpus == null ? ")" : String.format(", corpus P %.3f R %.3f)", macro(ours, true), macro(ours, false)));
        List<String> peers = opts.get("--peers").equals("none") ? List.of() : Arrays.asList(opts.get("--peers").split(","));
        Path peersDir = Path.of(opts.get("--peers-dir"));
        String node = peers.isEmpty() ? null : nodeVersion();
        if (!peers.isEmpty() && node == null) {
            System.out.println("peers: node is not installed here; reporting Custodia's figures only");
            summary.append("; peers: node not available");
        } else if (!peers.isEmpty() && !ensurePeers(peersDir)) {
            summary.append("; peers: not installed (npm ci in ").append(peersDir).append(" failed)");
        } else if (!peers.isEmpty()) {
            System.out.println("peers: node " + node + " in " + peersDir);
            for (String peer : peers) {
                summary.append("; ").append(runPeer(peer, peersDir, subset, subsetBytes, custodiaSubset, corpus, ours));
            }
        }
        System.out.println(summary);
        return 0;
    }

    /** Median MB/s over {@code passes} timed passes, after warming up the JIT on the same texts. */
    static double measure(SitEngine engine, List<String> texts, long bytes, int passes) {
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int sink = 0;
        while (System.nanoTime() < warmEnd) {
            for (String t : texts) {
                sink += engine.classify(t).matches().size();
                if (System.nanoTime() > warmEnd) {
                    break;
                }
            }
        }
        // CPU time of this thread, not wall time: MB per CPU-second is the per-core rate, and it stays
        // meaningful on a machine shared with other work (wall time would count time spent descheduled)
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rates = new double[passes];
        for (int p = 0; p < passes; p++) {
            long start = threads.getCurrentThreadCpuTime();
            for (String t : texts) {
                sink += engine.classify(t).matches().size();
            }
            rates[p] = bytes / 1e6 / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        Arrays.sort(rates);
        return rates[passes / 2];
    }

    private static String runPeer(String peer, Path dir, List<String> subset, long subsetBytes, double custodiaSubset,
                                  LabelledCorpus corpus, Map<String, LabelledCorpus.Score> ours) {
        try {
            Path input = Files.createTempFile("custodia-bench-", ".jsonl");
            Path corpusInput = Files.createTempFile("custodia-corpus-", ".jsonl");
            try {
                writeJsonl(input, subset.stream().map(t -> new String[]{null, t}).toList());
                List<String> speed = node(dir, peer, input);
                JsonNode last = JSON.readTree(speed.get(speed.size() - 1));
                // CPU seconds of the Node process (detection only), as Custodia's figure is per CPU-second
                double seconds = last.has("cpuSeconds") ? last.path("cpuSeconds").asDouble() : last.path("seconds").asDouble();
                double rate = subsetBytes / 1e6 / seconds;
                System.out.printf("%s: %.2f MB/s per core on the same %.1f MB (custodia %.1f MB/s, %.0f× faster; "
                                + "wall %.1f s)%n", peer, rate, subsetBytes / 1e6, custodiaSubset, custodiaSubset / rate,
                        last.path("seconds").asDouble());
                if (corpus == null) {
                    return String.format("%s %.2f MB/s", peer, rate);
                }
                writeJsonl(corpusInput, corpus.samples().stream().map(s -> new String[]{s.id(), s.text()}).toList());
                Map<String, Set<String>> found = new HashMap<>();
                Set<String> shared = new LinkedHashSet<>();
                for (String line : node(dir, peer, corpusInput)) {
                    JsonNode n = JSON.readTree(line);
                    if (n.has("types")) {
                        Set<String> types = new LinkedHashSet<>();
                        n.path("types").forEach(t -> types.add(t.asString()));
                        found.put(n.path("id").asString(), types);
                        shared.addAll(types);
                    }
                }
                shared.retainAll(ours.keySet());
                Map<String, LabelledCorpus.Score> theirs = corpus.score(shared, s -> found.getOrDefault(s.id(), Set.of()));
                Map<String, LabelledCorpus.Score> oursShared = new LinkedHashMap<>();
                theirs.keySet().forEach(k -> oursShared.put(k, ours.get(k)));
                System.out.printf("%s vs custodia on the %d types they share (precision / recall):%n", peer, shared.size());
                System.out.printf("  %-24s %17s %17s%n", "sit", peer, "custodia");
                for (String sit : theirs.keySet()) {
                    LabelledCorpus.Score t = theirs.get(sit);
                    LabelledCorpus.Score o = ours.get(sit);
                    System.out.printf("  %-24s %8.3f / %6.3f %8.3f / %6.3f%n", sit, t.precision(), t.recall(), o.precision(),
                            o.recall());
                }
                return String.format("%s %.2f MB/s, P %.3f R %.3f vs custodia P %.3f R %.3f on %d shared types", peer, rate,
                        macro(theirs, true), macro(theirs, false), macro(oursShared, true), macro(oursShared, false),
                        shared.size());
            } finally {
                Files.deleteIfExists(input);
                Files.deleteIfExists(corpusInput);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println(peer + ": failed: " + e.getMessage());
            return peer + " failed";
        }
    }

    /** Macro average of precision or recall over SITs. */
    static double macro(Map<String, LabelledCorpus.Score> scores, boolean precision) {
        return scores.values().stream().mapToDouble(s -> precision ? s.precision() : s.recall()).average().orElse(Double.NaN);
    }

    private static void writeJsonl(Path file, List<String[]> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String[] r : records) {
            ObjectNode o = JSON.createObjectNode();
            o.put("id", r[0] != null ? r[0] : String.valueOf(n));
            o.put("text", r[1]);
            sb.append(JSON.writeValueAsString(o)).append('\n');
            n++;
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static List<String> node(Path dir, String peer, Path input) throws IOException {
        Process p = new ProcessBuilder("node", dir.resolve("peers.js").toString(), "--peer", peer, "--input", input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("node exited with " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return lines;
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? v : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Installs the peers' exact versions from package-lock.json the first time (npm ci). */
    private static boolean ensurePeers(Path dir) {
        if (Files.isDirectory(dir.resolve("node_modules"))) {
            return true;
        }
        if (!Files.isRegularFile(dir.resolve("package.json"))) {
            System.out.println("peers: no " + dir.resolve("package.json"));
            return false;
        }
        System.out.println("peers: installing the pinned peer packages with npm ci in " + dir + " (once)");
        try {
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(new File(System.getProperty("java.io.tmpdir"),
                            "custodia-npm-ci.log")).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            System.out.println("peers: npm is not available: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long utf8(List<String> texts) {
        long n = 0;
        for (String t : texts) {
            n += t.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }
}

package io.custodia.ops;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The command line of the jar: {@code java -jar custodia.jar <command> [args…]}. Each command is a
 * function from its arguments to an exit code; commands that need no hub (e.g. {@code classify}) start
 * no web server and no database.
 */
public final class Commands {

    private static final Map<String, ToIntFunction<String[]>> COMMANDS = new LinkedHashMap<>();
    /** {@code bench <name>}: benchmarks, each printing its result as the last line. */
    private static final Map<String, ToIntFunction<String[]>> BENCHMARKS = new LinkedHashMap<>();

    static {
        COMMANDS.put("help", Commands::help);
        COMMANDS.put("bench", Commands::bench);
        COMMANDS.put("classify", io.custodia.classify.ClassifyCommand::main);
        BENCHMARKS.put("classify", io.custodia.classify.ClassifyBenchmark::main);
        BENCHMARKS.put("export", io.custodia.ediscovery.export.ExportBenchmark::run);
        BENCHMARKS.put("feeds", io.custodia.feeds.FeedBench::run);
        COMMANDS.put("job", io.custodia.ops.cli.JobCommand::run);
        COMMANDS.put("hash-password", io.custodia.ops.cli.HashPasswordCommand::run);
        COMMANDS.put("audit", io.custodia.audit.AuditCommand::main);
        BENCHMARKS.put("audit-seal", io.custodia.audit.AuditSealBenchmark::run);
        BENCHMARKS.put("retention", io.custodia.retention.RetentionBenchmark::run);
        BENCHMARKS.put("ingest", io.custodia.ingest.bench.IngestBenchmark::run);
        BENCHMARKS.put("freshness", io.custodia.ingest.bench.FreshnessBenchmark::run);
    }

    private Commands() {
    }

    /** Whether the first argument names a command (Spring options start with "--"). */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.containsKey(args[0]);
    }

    public static int run(String[] args) {
        return COMMANDS.get(args[0]).applyAsInt(Arrays.copyOfRange(args, 1, args.length));
    }

    private static int bench(String[] args) {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.err.println("usage: java -jar custodia.jar bench <" + String.join("|", BENCHMARKS.keySet()) + "> [options]");
            return 2;
        }
        return BENCHMARKS.get(args[0]).applyAsInt(Arrays.copyOfRange(args, 1, args.length));
    }

    private static int help(String[] args) {
        System.out.println("usage: java -jar custodia.jar [--spring.option=value …]   start the hub");
        System.out.println("       java -jar custodia.jar <command> [args…]");
        System.out.println("commands: " + String.join(", ", COMMANDS.keySet()));
        return 0;
    }
}

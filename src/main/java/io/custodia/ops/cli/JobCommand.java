package io.custodia.ops.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar custodia.jar job …}: the batch operators' command line. It starts no Spring context:
 * it talks to a running hub over {@code /api/v1/jobs} (URL and user from options or the environment,
 * the password from {@code CUSTODIA_PASSWORD}, a file or a prompt — never from the command line, where
 * {@code ps} would show it), follows executions with a live progress line, and exits with a code a
 * scheduler can act on ({@link ExitCodes}).
 */
@Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start, stop, restart and watch the hub's batch jobs through its REST API.",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Start.class, JobCommand.Stop.class,
                JobCommand.Restart.class, JobCommand.Recover.class, JobCommand.Abandon.class,
                JobCommand.Status.class, JobCommand.History.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 completed / done      1 failed or abandoned   2 usage or unknown name",
                "  3 hub unreachable       4 stopped               5 still running",
                "  6 credentials refused   7 refused in this state (already running, complete …)",
                "Environment: CUSTODIA_URL, CUSTODIA_USER, CUSTODIA_PASSWORD."})
public final class JobCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", description = "hub base URL (default: $CUSTODIA_URL or http://localhost:8080)")
    String url;
    @Option(names = {"-u", "--user"}, description = "user with role OPERATOR or COMPLIANCE_ADMIN (default: $CUSTODIA_USER)")
    String user;
    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is the password (default: $CUSTODIA_PASSWORD, or a prompt on a terminal)")
    Path passwordFile;
    @Option(names = "--json", description = "print the hub's JSON instead of tables")
    boolean json;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public JobCommand(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Entry point of {@code Commands}: the real environment, standard streams and terminal. */
    public static int run(String[] args) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return run(args, System.getenv(), System.out, System.err, terminal);
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        CommandLine cli = new CommandLine(new JobCommand(env, out, err, terminal));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof HubApi.Failure f) {
                err.println("job: " + f.getMessage());
                return f.exitCode;
            }
            err.println("job: " + e);
            return ExitCodes.UNREACHABLE;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return ExitCodes.USAGE;
    }

    HubApi api() {
        String base = url != null ? url : env.getOrDefault("CUSTODIA_URL", "http://localhost:8080");
        String name = user != null ? user : env.get("CUSTODIA_USER");
        return new HubApi(base, name, password(name));
    }

    private char[] password(String name) {
        if (passwordFile != null) {
            try {
                List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
                return lines.isEmpty() ? new char[0] : lines.get(0).toCharArray();
            } catch (IOException e) {
                throw new HubApi.Failure(ExitCodes.USAGE, "cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String fromEnv = env.get("CUSTODIA_PASSWORD");
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        if (name != null && terminal && System.console() != null) {
            return System.console().readPassword("Password for %s: ", name);
        }
        return null;
    }

    /** Follows an execution until it ends (or the timeout), printing progress; returns its exit code. */
    int follow(HubApi api, long id, Duration timeout, Duration interval) {
        ProgressPrinter progress = new ProgressPrinter(out, terminal, interval.toMillis());
        long deadline = timeout == null ? Long.MAX_VALUE : System.currentTimeMillis() + timeout.toMillis();
        long unreachableSince = 0;
        while (true) {
            JsonNode e;
            try {
                e = api.get("/api/v1/jobs/executions/" + id);
                unreachableSince = 0;
            } catch (HubApi.Failure f) {
                // a hub that restarts or a blip in the network should not fail a job that runs fine
                if (f.exitCode != ExitCodes.UNREACHABLE) {
                    throw f;
                }
                long now = System.currentTimeMillis();
                unreachableSince = unreachableSince == 0 ? now : unreachableSince;
                if (now - unreachableSince > 30_000) {
                    throw f;
                }
                sleep(2000);
                continue;
            }
            if (e.path("stale").asBoolean()) {
                progress.finish(e);
                err.println("job: execution " + id + " was left " + e.path("status").asString() + " by node "
                        + e.path("node").asString() + ", which is gone: `job recover " + id + "`, then `job restart " + id + "`");
                return ExitCodes.FAILED;
            }
            if (!e.path("running").asBoolean()) {
                progress.finish(e);
                return ExitCodes.forStatus(e.path("status").asString());
            }
            progress.update(e);
            if (System.currentTimeMillis() > deadline) {
                out.println();
                err.println("job: execution " + id + " is still running after " + timeout + " (it goes on; `job status " + id + " --follow` to watch)");
                return ExitCodes.RUNNING;
            }
            sleep(terminal ? 500 : 1000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubApi.Failure(ExitCodes.UNREACHABLE, "interrupted");
        }
    }

    void printExecutions(JsonNode list) {
        if (json) {
            out.println(HubApi.pretty(list));
            return;
        }
        if (list.isEmpty()) {
            out.println("(none)");
            return;
        }
        out.println(String.format(Locale.ROOT, "%-8s %-16s %-10s %-20s %-9s %10s %10s %8s  %s", "EXEC", "JOB", "STATUS",
                "STARTED", "DURATION", "READ", "WRITTEN", "SKIPPED", "NODE"));
        for (JsonNode e : list) {
            String started = e.hasNonNull("startTime") ? e.path("startTime").asString().replaceFirst("\\.\\d+Z$", "Z") : "-";
            String duration = "-";
            if (e.hasNonNull("startTime")) {
                java.time.Instant s = java.time.Instant.parse(e.path("startTime").asString());
                java.time.Instant end = e.hasNonNull("endTime") ? java.time.Instant.parse(e.path("endTime").asString()) : java.time.Instant.now();
                duration = ProgressPrinter.clock(Math.max(0, end.getEpochSecond() - s.getEpochSecond()));
            }
            String status = e.path("status").asString() + (e.path("stale").asBoolean() ? "!" : "");
            out.println(String.format(Locale.ROOT, "%-8d %-16s %-10s %-20s %-9s %,10d %,10d %,8d  %s", e.path("id").asLong(),
                    e.path("job").asString(), status, started, duration, e.path("readCount").asLong(),
                    e.path("writeCount").asLong(), e.path("skipCount").asLong(), e.path("node").asString("-")));
        }
        if (list.valueStream().anyMatch(e -> e.path("stale").asBoolean())) {
            out.println("! left running by a node that is gone: `job recover <exec>`, then `job restart <exec>`");
        }
    }

    /** How {@code start} and {@code restart} follow the execution they begin. */
    static final class FollowOptions {
        @Option(names = {"-d", "--detach"}, description = "return at once, do not follow")
        boolean detach;
        @Option(names = "--timeout", paramLabel = "DURATION", description = "stop following after this long (ISO-8601, e.g. PT2H): exit 5")
        Duration timeout;
        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT10S", description = "progress line interval when not on a terminal (default PT10S)")
        Duration interval;
    }

    @Command(name = "list", description = "Jobs of the hub and the launch profiles of batch/profiles.yaml.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;

        @Override
        public Integer call() {
            JsonNode body = parent.api().get("/api/v1/jobs");
            PrintStream out = parent.out;
            if (parent.json) {
                out.println(HubApi.pretty(body));
                return ExitCodes.OK;
            }
            out.println("Jobs (node " + body.path("node").asString() + "):");
            for (JsonNode j : body.path("jobs")) {
                JsonNode last = j.path("lastExecution");
                out.println(String.format(Locale.ROOT, "  %-16s running %-12s last %s", j.path("name").asString(),
                        j.path("running").isEmpty() ? "-" : j.path("running").toString(),
                        last.isMissingNode() || last.isNull() ? "never" : "#" + last.path("id").asLong() + " "
                                + last.path("status").asString() + " " + last.path("startTime").asString("")));
            }
            out.println("Profiles (job start <profile> [key=value …]):");
            for (JsonNode p : body.path("profiles")) {
                out.println(String.format(Locale.ROOT, "  %-20s job %-12s %s", p.path("name").asString(),
                        p.path("job").asString(), p.path("description").asString()));
                for (var param : p.path("parameters").properties()) {
                    JsonNode spec = param.getValue();
                    out.println(String.format(Locale.ROOT, "  %-20s   %s=<%s>%s%s%s", "", param.getKey(), spec.path("type").asString(),
                            spec.path("required").asBoolean() ? " required" : "",
                            spec.hasNonNull("value") ? " default " + spec.path("value").asString() : "",
                            spec.path("description").asString("").isEmpty() ? "" : "  " + spec.path("description").asString()));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", description = "Start a launch profile (or a job by name) and follow it to its end.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", paramLabel = "PROFILE|JOB")
        String name;
        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "parameters (a bare job takes Spring Batch's value[,type[,identifying]])")
        List<String> parameters = List.of();
        @Mixin
        FollowOptions follow;

        @Override
        public Integer call() {
            Map<String, String> params = new LinkedHashMap<>();
            for (String kv : parameters) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new HubApi.Failure(ExitCodes.USAGE, "parameter '" + kv + "' is not key=value");
                }
                params.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            HubApi api = parent.api();
            JsonNode started = api.post("/api/v1/jobs/executions", Map.of("name", name, "parameters", params));
            long id = started.path("id").asLong();
            parent.out.println("Started " + started.path("job").asString() + " #" + id + " with " + started.path("parameters"));
            return follow.detach ? ExitCodes.OK : parent.follow(api, id, follow.timeout, follow.interval);
        }
    }

    @Command(name = "stop", description = "Ask a running execution to stop at its next chunk (restartable later).")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", paramLabel = "EXECUTION")
        long id;
        @Option(names = {"-w", "--wait"}, description = "wait until it has stopped (exit 4)")
        boolean await;

        @Override
        public Integer call() {
            HubApi api = parent.api();
            JsonNode e = api.post("/api/v1/jobs/executions/" + id + "/stop", null);
            parent.out.println("Stop requested for " + e.path("job").asString() + " #" + id + " (" + e.path("status").asString() + ")");
            return await ? parent.follow(api, id, null, Duration.ofSeconds(10)) : ExitCodes.OK;
        }
    }

    @Command(name = "restart", description = "Restart a failed or stopped execution from its last committed chunk and follow it.")
    static final class Restart implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", paramLabel = "EXECUTION")
        long id;
        @Mixin
        FollowOptions follow;

        @Override
        public Integer call() {
            HubApi api = parent.api();
            JsonNode e = api.post("/api/v1/jobs/executions/" + id + "/restart", null);
            long restarted = e.path("id").asLong();
            parent.out.println("Restarted " + e.path("job").asString() + " #" + id + " as #" + restarted);
            return follow.detach ? ExitCodes.OK : parent.follow(api, restarted, follow.timeout, follow.interval);
        }
    }

    @Command(name = "recover", description = "Mark an execution left STARTED by a dead node as FAILED, so it can be restarted.")
    static final class Recover implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", paramLabel = "EXECUTION")
        long id;
        @Option(names = "--force", description = "even though its node still checks in (only if you know it no longer runs it)")
        boolean force;

        @Override
        public Integer call() {
            JsonNode e = parent.api().post("/api/v1/jobs/executions/" + id + "/recover?force=" + force, null);
            parent.out.println("Recovered " + e.path("job").asString() + " #" + id + ": now " + e.path("status").asString()
                    + "; `job restart " + id + "` resumes it from its last committed chunk");
            return ExitCodes.OK;
        }
    }

    @Command(name = "abandon", description = "Mark a stopped or failed execution ABANDONED: it will never be restarted.")
    static final class Abandon implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", paramLabel = "EXECUTION")
        long id;

        @Override
        public Integer call() {
            JsonNode e = parent.api().post("/api/v1/jobs/executions/" + id + "/abandon", null);
            parent.out.println("Abandoned " + e.path("job").asString() + " #" + id + " (" + e.path("status").asString() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Running executions, or one execution (exit code from its status).")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION")
        Long id;
        @Option(names = {"-f", "--follow"}, description = "follow a running execution to its end")
        boolean follow;
        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT10S")
        Duration interval;

        @Override
        public Integer call() {
            HubApi api = parent.api();
            if (id == null) {
                parent.printExecutions(api.get("/api/v1/jobs/executions?running=true"));
                return ExitCodes.OK;
            }
            JsonNode e = api.get("/api/v1/jobs/executions/" + id);
            if (follow && e.path("running").asBoolean()) {
                return parent.follow(api, id, null, interval);
            }
            if (parent.json) {
                parent.out.println(HubApi.pretty(e));
            } else {
                parent.out.println(ProgressPrinter.summary(e));
                parent.out.println("  parameters " + e.path("parameters") + ", node " + e.path("node").asString("-")
                        + (e.path("stale").asBoolean() ? " (gone: recover, then restart)" : ""));
                for (JsonNode s : e.path("steps")) {
                    parent.out.println(String.format(Locale.ROOT, "  step %-20s %-10s read %,d  written %,d  skipped %,d  commits %,d  rollbacks %,d",
                            s.path("name").asString(), s.path("status").asString(), s.path("readCount").asLong(),
                            s.path("writeCount").asLong(), s.path("skipCount").asLong(), s.path("commitCount").asLong(),
                            s.path("rollbackCount").asLong()));
                }
                if (e.hasNonNull("exitDescription")) {
                    parent.out.println("  " + ProgressPrinter.reason(e.path("exitDescription").asString()).replace("\n", "\n  "));
                }
            }
            return e.path("stale").asBoolean() ? ExitCodes.FAILED : ExitCodes.forStatus(e.path("status").asString());
        }
    }

    @Command(name = "history", description = "Recent executions, newest first.")
    static final class History implements Callable<Integer> {
        @ParentCommand
        JobCommand parent;
        @Parameters(index = "0", arity = "0..1", paramLabel = "JOB")
        String job;
        @Option(names = {"-n", "--limit"}, defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            String path = job == null ? "/api/v1/jobs/executions?limit=" + limit
                    : "/api/v1/jobs/" + java.net.URLEncoder.encode(job, StandardCharsets.UTF_8) + "/executions?limit=" + limit;
            parent.printExecutions(parent.api().get(path));
            return ExitCodes.OK;
        }
    }
}

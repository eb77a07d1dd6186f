package io.custodia.ingest.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.CustodiaApplication;
import io.custodia.ingest.IngestJobLauncher;
import io.custodia.ingest.StagedFileSplits;
import io.custodia.ingest.remote.WorkerProcesses;
import io.custodia.ops.database.ThrowawayDatabase;
import io.custodia.simulator.Simulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar custodia.jar bench ingest [--messages N]}: the whole collection and ingest path, end to
 * end, against a ceiling measured in the same run.
 * <ol>
 *   <li>The hub starts in-process on a throw-away embedded MariaDB with the simulator holding a fixed
 *       (non-live) history of about N messages (at the simulator's normal rates of uploaded files and planted
 *       sensitive data; no rate limits, no faults).</li>
 *   <li>Both Logs Platform streams are polled at once, exactly as their Quartz triggers would (the routes
 *       of {@code routes/}: listing, 307 downloads, sha256 check, uploaded files, landing, checkpoints); the
 *       routes start the ingest job after every page (Tika, classification, mailbox items, audit records,
 *       outbox). The clock stops when the store holds exactly the ground truth's messages and nothing is
 *       left staged.</li>
 *   <li>The ceiling: the same rows (read back from {@code mail_item}) inserted by plain JDBC batches of
 *       1,000 into a scratch copy of {@code mail_item} (same columns and indexes, FULLTEXT included).</li>
 *   <li>The floor: every row the run stored for the workspace, copied the same way ({@link StoreCopy#STORE}).</li>
 * </ol>
 * The last line is {@code bench ingest: messages=<N> seconds=<s> rate=<msg/s> ceiling=<rows/s> ratio=<rate/ceiling>},
 * N being the messages the history actually holds (within a fraction of a percent of the requested N).
 */
public final class IngestBenchmark {

    static final String WS = "b3a1c2d4-0e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String KEY = "bench-key";
    static final String WARMUP_WS = "5f0c9e7a-1b2d-4c3e-8f4a-6b7c8d9e0f1a";
    static final String WARMUP_KEY = "bench-warmup-key";

    private IngestBenchmark() {
    }

    public static int run(String[] args) {
        int messages = 200_000;
        int users = 200;
        double perMinute = 2000;
        int workers = 0;
        int warmup = 0;
        String broker = "amqp://guest:guest@localhost:5672";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 < args.length && "--messages".equals(a)) {
                messages = Integer.parseInt(args[++i]);
            } else if (i + 1 < args.length && "--users".equals(a)) {
                users = Integer.parseInt(args[++i]);
            } else if (i + 1 < args.length && "--messages-per-minute".equals(a)) {
                perMinute = Double.parseDouble(args[++i]);
            } else if (i + 1 < args.length && "--workers".equals(a)) {
                workers = Integer.parseInt(args[++i]);
            } else if (i + 1 < args.length && "--warmup".equals(a)) {
                warmup = Integer.parseInt(args[++i]);
            } else if (i + 1 < args.length && "--broker".equals(a)) {
                broker = args[++i];
            } else {
                System.err.println("usage: bench ingest [--messages N] [--users U] [--messages-per-minute R] [--warmup W]"
                        + " [--workers K [--broker amqp://user:password@host:5672]]");
                return 2;
            }
        }
        if (messages < 1 || warmup < 0) {
            System.err.println("--messages must be positive, --warmup zero or positive");
            return 2;
        }
        // the simulator's rate holds for complete conversations; the last ~2 minutes of a history hold conversations
        // cut short by its end (measured with seed 42: messages ≈ rate × (history − 130 s))
        Duration history = Duration.ofMillis(Math.round(messages / perMinute * 60_000) + 130_000);
        System.out.println("bench ingest: " + BenchProbe.machine());
        if (workers > 0) {
            return runRemote(messages, users, perMinute, history, workers, broker, warmup);
        }
        try (ThrowawayDatabase db = ThrowawayDatabase.create();
             ConfigurableApplicationContext hub = new SpringApplicationBuilder(CustodiaApplication.class)
                     .run(db.arguments(hubArguments(db, users, perMinute, history, perMinute * warmup / messages)))) {
            return measure(hub, messages, warmup, db.path("simulator-files"));
        }
    }

    /**
     * {@code --workers K}: this process is the manager (collection, the ingest job, partitions sent to RabbitMQ,
     * none run here) and K worker processes of the same jar on the same database run every partition
     * ({@link WorkerProcesses}, {@value #WORKER_CONSUMERS} at a time each). Same history, same measurement.
     */
    private static int runRemote(int messages, int users, double perMinute, Duration history, int workers, String broker,
                                 int warmup) {
        String queue = "custodia.bench.ingest-partitions." + ProcessHandle.current().pid();
        try (ThrowawayDatabase db = ThrowawayDatabase.create();
             ConfigurableApplicationContext hub = new SpringApplicationBuilder(CustodiaApplication.class)
                     .run(db.arguments(remoteHubArguments(db, users, perMinute, history, perMinute * warmup / messages, workers, broker,
                             queue)))) {
            String jdbcUrl;
            try (Connection c = hub.getBean(DataSource.class).getConnection()) {
                jdbcUrl = c.getMetaData().getURL();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the bench database's URL", e);
            }
            System.out.printf("manager: this process; %d worker processes (-Xmx512m, %d partitions at a time each) on %s%n",
                    workers, WORKER_CONSUMERS, jdbcUrl);
            try (WorkerProcesses workerProcesses = WorkerProcesses.start(workers, jdbcUrl, broker, queue, WORKER_CONSUMERS,
                    "512m", Duration.ofMinutes(4))) {
                int status = measure(hub, messages, warmup, db.path("simulator-files"));
                System.out.println("partitions run per worker: " + workerProcesses.partitionsRun());
                return status;
            } finally {
                hub.getBean(org.springframework.amqp.rabbit.core.RabbitAdmin.class).deleteQueue(queue);
            }
        }
    }

    private static final int WORKER_CONSUMERS = 2;

    private static String[] remoteHubArguments(ThrowawayDatabase db, int users, double perMinute, Duration history,
                                               double warmupPerMinute, int workers, String broker, String queue) {
        List<String> arguments = new ArrayList<>(List.of(hubArguments(db, users, perMinute, history, warmupPerMinute)));
        arguments.addAll(List.of("--custodia.ingest.remote.manager=true", "--custodia.ingest.remote.worker=false",
                "--custodia.ingest.remote.broker-url=" + broker, "--custodia.ingest.remote.queue=" + queue,
                "--custodia.ingest.remote.grid-size=" + workers * WORKER_CONSUMERS));
        return arguments.toArray(String[]::new);
    }

    /**
     * The hub of the benchmark: simulator with a fixed history, collection triggered by the bench itself; with
     * {@code warmupPerMinute} > 0 a second workspace of the same users and history at that rate, for the warm-up.
     */
    static String[] hubArguments(ThrowawayDatabase db, int users, double perMinute, Duration history, double warmupPerMinute) {
        List<String> arguments = new ArrayList<>(List.of(
                "--custodia.simulator.enabled=true",
                "--custodia.simulator.live=false",
                "--custodia.simulator.origin=2026-01-05T00:00:00Z",
                "--custodia.simulator.history=" + history,
                "--custodia.simulator.state-file=" + db.path("simulator-state.properties"),
                "--custodia.retention.schedule=" + NEVER,
                "--server.port=0"));
        arguments.addAll(workspaceArguments(0, WS, KEY, 42, users, perMinute, "Bench workspace (simulated)"));
        if (warmupPerMinute > 0) {
            arguments.addAll(workspaceArguments(1, WARMUP_WS, WARMUP_KEY, 43, users, warmupPerMinute,
                    "Bench warm-up workspace (simulated)"));
        }
        return arguments.toArray(String[]::new);
    }

    /** The bench starts the polls itself (as the triggers would), so the clock starts with them: no schedule fires. */
    private static final String NEVER = "0 0 2 1 1 ? 2099";

    private static List<String> workspaceArguments(int i, String id, String key, long seed, int users, double perMinute,
                                                   String name) {
        String sim = "--custodia.simulator.workspaces[" + i + "].";
        String hub = "--custodia.workspaces[" + i + "].";
        return List.of(sim + "id=" + id, sim + "api-key=" + key, sim + "seed=" + seed, sim + "users=" + users,
                sim + "messages-per-minute=" + perMinute,
                hub + "id=" + id, hub + "name=" + name, hub + "api-key=" + key,
                hub + "schedule=" + NEVER, hub + "users-schedule=" + NEVER);
    }

    private static int measure(ConfigurableApplicationContext hub, int requested, int warmup, Path simulatorFiles) {
        int port = hub.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        JsonMapper json = hub.getBean(JsonMapper.class);
        IngestJobLauncher ingest = hub.getBean(IngestJobLauncher.class);
        ProducerTemplate producer = hub.getBean(ProducerTemplate.class);

        // one ground truth for both workspaces: the simulator derives it from every conversation of the history
        Map<String, Object> groundTruth = BenchProbe.truth(port, json);
        Map<String, Object> truth = workspaceTruth(groundTruth, WS);
        long messages = BenchProbe.num(truth, "messages");
        long files = BenchProbe.num(truth, "files");
        long interactions = BenchProbe.num(truth, "interactions");
        System.out.printf("history: %,d messages (%,d requested), %,d uploaded files, %,d conversations, %,d users%n",
                messages, requested, files, BenchProbe.num(truth, "conversations"), BenchProbe.num(truth, "activeUsers"));
        // "pre-filled": the simulator renders and hashes every log file before the clock starts; the polls then
        // list, redirect and download them over HTTP as before, but producing them is not the hub's work
        long r0 = System.nanoTime();
        Simulator.Prerendered rendered = hub.getBean(Simulator.class).prerender(simulatorFiles);
        System.out.printf("simulator: %,d log files (%,d kB of JSONL) rendered to disk in %.1f s, before the clock%n",
                rendered.files(), rendered.bytes() / 1024, seconds(r0));
        if (warmup > 0) {
            // JMH-style warm-up: a workspace of its own, collected and ingested in full before the clock starts,
            // so that the measured run sees compiled code (a hub catching up after an outage has been running)
            long warmMessages = BenchProbe.num(workspaceTruth(groundTruth, WARMUP_WS), "messages");
            long w0 = System.nanoTime();
            Collection warm = collect(producer, jdbc, ingest, WARMUP_WS, warmMessages, null);
            System.out.printf("warm-up: %,d of %,d messages of a separate workspace in %.1f s (%,.0f messages/s, not counted)%n",
                    warm.items(), warmMessages, seconds(w0), warm.items() / seconds(w0));
            if (warm.failure() != null) {
                System.out.println("FAILED: warm-up: " + warm.failure());
                return 1;
            }
        }
        BenchProbe.Resources before = BenchProbe.resources();
        System.out.println("start: " + before);

        boolean statements = BenchProbe.resetStatementStatistics(jdbc);
        Map<String, Long> status0 = BenchProbe.databaseStatus(jdbc);
        BenchProbe.Cpu cpu0 = BenchProbe.cpu();
        Map<String, Double> threads0 = BenchProbe.threadCpu();
        long runs0 = ingestRuns(jdbc);
        long[] splits0 = hub.getBean(StagedFileSplits.class).counts();
        long t0 = System.nanoTime();
        BenchProbe.Resources[] halfway = new BenchProbe.Resources[1];
        Collection run = collect(producer, jdbc, ingest, WS, messages, items -> {
            if (halfway[0] == null && items >= messages / 2) {
                halfway[0] = BenchProbe.resources();
            }
        });
        long items = run.items();
        String failure = run.failure();
        double seconds = seconds(t0);
        BenchProbe.Cpu cpu = BenchProbe.cpu().minus(cpu0);
        String threads = BenchProbe.topThreads(threads0, BenchProbe.threadCpu(), 12);
        double rate = items / seconds;
        System.out.printf("collected and ingested %,d messages in %.1f s: %,.0f messages/s%n", items, seconds, rate);
        System.out.printf("cpu: hub and simulator %.1f s, MariaDB %.1f s = %.2f ms per message (%,.0f messages/s if two idle"
                + " cores did nothing else)%n", cpu.hub(), cpu.database(), cpu.total() * 1000 / items, items * 2 / cpu.total());
        System.out.println("cpu by thread: " + threads);
        System.out.println("mariadb: " + BenchProbe.databaseWork(status0, BenchProbe.databaseStatus(jdbc)));
        if (statements) {
            BenchProbe.topStatements(jdbc, 15).forEach(System.out::println);
        }
        long attachments = count(jdbc, "SELECT COUNT(*) FROM attachment WHERE workspace_id = ?", WS);
        long interactionRecords = count(jdbc, "SELECT COUNT(*) FROM audit_record WHERE operation = 'ConnectedAIAppInteraction'"
                + " AND workspace_id = ?", WS);
        long quarantined = count(jdbc, "SELECT COUNT(*) FROM quarantine");
        System.out.printf("ingest runs: %d job executions over %,d staged files%n", ingestRuns(jdbc) - runs0,
                count(jdbc, "SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ?", WS));
        long[] splits = hub.getBean(StagedFileSplits.class).counts();
        System.out.printf("split: %,d staged files fetched and placed once for the partitions, %,d partition reads served"
                + " from them%n", splits[0] - splits0[0], splits[1] - splits0[1]);
        System.out.printf("staged: %,d kB of JSONL stored as %,d kB%n",
                count(jdbc, "SELECT COALESCE(SUM(file_size), 0) FROM staged_log_file WHERE workspace_id = ?", WS) >> 10,
                count(jdbc, "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM staged_log_file WHERE workspace_id = ?", WS) >> 10);
        System.out.printf("store vs ground truth: items %,d/%,d, attachments %,d/%,d, interaction records %,d/%,d, "
                + "quarantined %d%n", items, messages, attachments, files, interactionRecords, interactions, quarantined);
        if (failure == null && (attachments != files || interactionRecords != interactions || quarantined != 0)) {
            failure = "the store differs from the ground truth";
        }
        BenchProbe.Resources after = BenchProbe.resources();
        if (halfway[0] != null) {
            System.out.println("half:  " + halfway[0]);
        }
        System.out.println("end:   " + after + String.format(" (heap %+,d MB, open files %+d)",
                (after.heapUsedBytes() - before.heapUsedBytes()) >> 20, after.openFiles() - before.openFiles()));

        double ceiling = ceiling(hub.getBean(DataSource.class), WS);
        System.out.printf("ceiling: plain JDBC batches of %,d rows into a copy of mail_item: %,.0f rows/s%n", StoreCopy.BATCH, ceiling);
        if (failure == null) {
            floor(hub.getBean(DataSource.class), WS, items, ceiling);
        }
        System.out.println("machine: " + BenchProbe.machine());
        if (failure != null) {
            System.out.println("FAILED: " + failure);
        }
        System.out.println(String.format(Locale.ROOT, "bench ingest: messages=%d seconds=%.1f rate=%.0f ceiling=%.0f ratio=%.2f",
                items, seconds, rate, ceiling, rate / ceiling));
        return failure == null ? 0 : 1;
    }

    /**
     * Rows/s of plain batched JDBC inserts of the stored items (all columns but the id, as read back) into
     * {@code bench_mail_item}, a copy of {@code mail_item} with the same indexes; only the inserts are timed.
     */
    static double ceiling(DataSource dataSource, String workspaceId) {
        StoreCopy.Copied items = StoreCopy.copy(dataSource, workspaceId, new StoreCopy.Table("mail_item", "id", true));
        return items.rows() / items.seconds();
    }

    /**
     * The floor of what storing the run costs the database: every row the run stored for the workspace, copied
     * the way the ceiling copies items. A pipeline that stores these rows with the ceiling's statements through
     * one connection is not faster, so its ratio to the ceiling bounds the bench's ratio. Prints a line per table.
     */
    static void floor(DataSource dataSource, String workspaceId, long messages, double ceiling) {
        StoreCopy.Copied all = new StoreCopy.Copied("all", 0, 0, 0, new BenchProbe.Cpu(0, 0));
        StringBuilder tables = new StringBuilder();
        for (StoreCopy.Table table : StoreCopy.STORE) {
            StoreCopy.Copied copied = StoreCopy.copy(dataSource, workspaceId, table);
            all = all.plus(copied);
            tables.append(tables.isEmpty() ? "" : ", ").append(String.format("%s %,d rows %.2f s", table.name(),
                    copied.rows(), copied.seconds()));
        }
        double rate = messages / all.seconds();
        System.out.printf("floor: every row stored for the workspace (%d tables, %,d rows, %,d MB of values) copied as the"
                        + " ceiling copies items in %.1f s: %,.0f messages/s = %.2f of the ceiling; CPU per message: MariaDB %.3f ms,"
                        + " JVM %.3f ms%n",
                StoreCopy.STORE.size(), all.rows(), all.bytes() >> 20, all.seconds(), rate, rate / ceiling,
                all.cpu().database() * 1000 / messages, all.cpu().hub() * 1000 / messages);
        System.out.println("  floor by table: " + tables);
    }

    static long count(JdbcTemplate jdbc, String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static long ingestRuns(JdbcTemplate jdbc) {
        return count(jdbc, """
                SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                WHERE i.JOB_NAME = 'ingest'""");
    }

    /** Items stored when collection and ingest of a workspace ended, or why they did not. */
    record Collection(long items, String failure) {
    }

    /**
     * Polls both streams of a workspace at once (as their triggers would) and waits until everything is
     * collected, nothing is staged and the ingest is idle; then the store must hold exactly {@code messages}.
     * COUNT(*) over {@code mail_item} reads up to N rows, so it runs every 10 s (progress, passed to
     * {@code progress}) and at the end only: the probe must not load the database it measures.
     */
    private static Collection collect(ProducerTemplate producer, JdbcTemplate jdbc, IngestJobLauncher ingest, String workspace,
                                      long messages, java.util.function.LongConsumer progress) {
        long t0 = System.nanoTime();
        List<CompletableFuture<Exchange>> polls = new ArrayList<>();
        for (String stream : List.of("CONVERSATION_MESSAGE", "AUTH_LOG")) {
            polls.add(producer.asyncSend("direct:poll-logs", e -> {
                e.getIn().setHeader("CustodiaWorkspace", workspace);
                e.getIn().setHeader("CustodiaStream", stream);
            }));
        }
        // the items of earlier (complete) workspaces are subtracted: COUNT(*) with a WHERE on workspace_id walks the
        // secondary index and, for rows newer than its read view, the clustered index too (~1 s per count at 80k
        // rows while the ingest writes, seen in performance_schema); a plain COUNT(*) costs a fraction of that
        long others = count(jdbc, "SELECT COUNT(*) FROM mail_item") - count(jdbc, "SELECT COUNT(*) FROM mail_item WHERE workspace_id = ?", workspace);
        String items = "SELECT COUNT(*) - " + others + " FROM mail_item";
        long deadline = System.nanoTime() + Duration.ofMinutes(10).plusMillis(messages * 20).toNanos();
        long lastReport = System.nanoTime();
        while (true) {
            BenchProbe.sleep(250);
            boolean collected = polls.stream().allMatch(CompletableFuture::isDone);
            for (CompletableFuture<Exchange> p : polls) {
                Exchange e = p.isDone() ? p.join() : null;
                if (e != null && e.getException() != null) {
                    return new Collection(count(jdbc, items), "collection failed: " + e.getException());
                }
            }
            if (collected && !ingest.busy() && count(jdbc, "SELECT COUNT(*) FROM staged_log_file WHERE status = 'READY'") == 0) {
                long stored = count(jdbc, items);
                return new Collection(stored, stored == messages ? null
                        : "the store holds " + stored + " items, the ground truth " + messages + " messages");
            }
            if (System.nanoTime() > deadline) {
                long stored = count(jdbc, items);
                return new Collection(stored, "gave up waiting: " + stored + " of " + messages + " items after "
                        + seconds(t0) + " s");
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                long stored = count(jdbc, items);
                if (progress != null) {
                    progress.accept(stored);
                }
                System.out.printf("  %,d / %,d items after %.0f s (%s collected)%n", stored, messages, seconds(t0),
                        collected ? "all" : count(jdbc, "SELECT COUNT(*) FROM staged_log_file WHERE workspace_id = ?", workspace)
                                + " files");
            }
        }
    }

    /** The ground truth of one simulated workspace (the simulator's {@code workspaces} entry). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> workspaceTruth(Map<String, Object> truth, String workspaceId) {
        for (Object w : (List<Object>) truth.getOrDefault("workspaces", List.of())) {
            if (w instanceof Map<?, ?> m && workspaceId.equals(m.get("workspaceId"))) {
                return (Map<String, Object>) m;
            }
        }
        throw new IllegalStateException("the simulator has no workspace " + workspaceId);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}

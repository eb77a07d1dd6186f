package io.custodia.ingest.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.CustodiaApplication;
import io.custodia.ops.database.ThrowawayDatabase;
import io.custodia.support.Utc;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar custodia.jar bench freshness [--rate R] [--minutes M] [--poll-seconds P]}: how soon new
 * activity can be found. The hub runs on a throw-away embedded MariaDB against a live simulated workspace
 * that produces about R messages a second (log files closing every 15 s, the simulator's normal interval;
 * the workspace has been active for 15 minutes, the hub collects from its start, without that backlog),
 * polled by the collection routes' own Quartz triggers every P seconds (30). For every message whose
 * timestamp falls in the M measured minutes, the delay is the time from its timestamp to the moment it was
 * first seen committed in {@code mail_item} — which is the moment it is searchable: InnoDB applies FULLTEXT
 * index entries at commit. The store is sampled every 500 ms. The bench waits until every message of the
 * window (per the simulator's ground truth) has arrived.
 * <p>Last line: {@code bench freshness: rate=<msg/s> p50=<s> p95=<s> max=<s>}.
 */
public final class FreshnessBenchmark {

    private FreshnessBenchmark() {
    }

    public static int run(String[] args) {
        double rate = 100;
        double minutes = 3;
        int pollSeconds = 30;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 < args.length && "--rate".equals(a)) {
                rate = Double.parseDouble(args[++i]);
            } else if (i + 1 < args.length && "--minutes".equals(a)) {
                minutes = Double.parseDouble(args[++i]);
            } else if (i + 1 < args.length && "--poll-seconds".equals(a)) {
                pollSeconds = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: bench freshness [--rate msg/s] [--minutes M] [--poll-seconds P (divides 60)]");
                return 2;
            }
        }
        if (rate <= 0 || minutes <= 0 || pollSeconds < 1 || pollSeconds > 60 || 60 % pollSeconds != 0) {
            System.err.println("--rate and --minutes must be positive, --poll-seconds must divide 60");
            return 2;
        }
        System.out.println("bench freshness: " + BenchProbe.machine());
        double configured = rate * 60;
        // the simulated workspace has been busy for a quarter of an hour (conversations take up to ~10 minutes, so
        // only then does it produce its full rate); the hub collects from now on, without that backlog
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant origin = now.minus(Duration.ofMinutes(15));
        try (ThrowawayDatabase db = ThrowawayDatabase.create();
             ConfigurableApplicationContext hub = new SpringApplicationBuilder(CustodiaApplication.class)
                     .run(db.arguments(
                             "--custodia.simulator.enabled=true",
                             "--custodia.simulator.live=true",
                             "--custodia.simulator.origin=" + origin,
                             "--custodia.simulator.state-file=" + db.path("simulator-state.properties"),
                             "--custodia.simulator.workspaces[0].id=" + IngestBenchmark.WS,
                             "--custodia.simulator.workspaces[0].api-key=" + IngestBenchmark.KEY,
                             "--custodia.simulator.workspaces[0].seed=7",
                             "--custodia.simulator.workspaces[0].users=200",
                             "--custodia.simulator.workspaces[0].messages-per-minute=" + configured,
                             "--custodia.workspaces[0].id=" + IngestBenchmark.WS,
                             "--custodia.workspaces[0].name=Bench workspace (simulated, live)",
                             "--custodia.workspaces[0].api-key=" + IngestBenchmark.KEY,
                             "--custodia.workspaces[0].schedule=0/" + pollSeconds + " * * * * ?",
                             "--custodia.workspaces[0].start-from=" + now,
                             "--custodia.workspaces[0].users-schedule=0 0 2 1 1 ? 2099",
                             "--custodia.retention.schedule=0 0 2 1 1 ? 2099",
                             "--server.port=0"))) {
            return measure(hub, minutes, pollSeconds);
        }
    }

    private static int measure(ConfigurableApplicationContext hub, double minutes, int pollSeconds) {
        int port = hub.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        JsonMapper json = hub.getBean(JsonMapper.class);
        BenchProbe.Resources before = BenchProbe.resources();
        System.out.println("start: " + before);

        Map<String, Object> truth0 = BenchProbe.truth(port, json);
        Instant h0 = horizon(truth0);
        long m0 = BenchProbe.num(truth0, "messages");
        Instant end = Instant.now().plusMillis(Math.round(minutes * 60_000));
        System.out.printf("measuring messages with timestamps after %s for %.1f min (polls every %d s)%n", h0, minutes, pollSeconds);

        Map<Long, Instant[]> seen = new HashMap<>(); // item id → {sent, first seen}
        long h1Messages = -1;
        Instant h1 = null;
        long expected = -1;
        long lastReport = System.nanoTime();
        Instant drainDeadline = null;
        Instant half = Instant.now().plusMillis(Math.round(minutes * 30_000));
        BenchProbe.Resources halfway = null;
        while (true) {
            BenchProbe.sleep(500);
            Instant now = Instant.now();
            // ingested_at is set just before the chunk commits: a generous margin covers slow commits
            jdbc.query("SELECT id, sent_at FROM mail_item WHERE ingested_at >= ?", rs -> {
                long id = rs.getLong(1);
                if (!seen.containsKey(id)) {
                    seen.put(id, new Instant[]{Utc.fromDb(rs.getTimestamp(2).toLocalDateTime()), now});
                }
            }, Timestamp.valueOf(Utc.toDb(now.minus(Duration.ofMinutes(2)))));
            if (halfway == null && now.isAfter(half)) {
                halfway = BenchProbe.resources();
            }
            if (h1 == null && now.isAfter(end)) {
                Map<String, Object> truth1 = BenchProbe.truth(port, json);
                h1 = horizon(truth1);
                h1Messages = BenchProbe.num(truth1, "messages");
                expected = h1Messages - m0;
                drainDeadline = now.plus(Duration.ofSeconds(pollSeconds * 2L + 180));
                System.out.printf("window closed at horizon %s: %,d messages in it; waiting for them to arrive%n", h1, expected);
            }
            if (h1 != null) {
                long arrived = inWindow(seen, h0, h1).size();
                if (arrived >= expected || now.isAfter(drainDeadline)) {
                    break;
                }
            }
            if (System.nanoTime() - lastReport > 15_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("  %,d items seen, %s%n", seen.size(), BenchProbe.machine());
            }
        }
        List<Double> delays = new ArrayList<>();
        for (Instant[] s : inWindow(seen, h0, h1)) {
            delays.add(Duration.between(s[0], s[1]).toMillis() / 1000.0);
        }
        delays.sort(Double::compare);
        double seconds = Duration.between(h0, h1).toMillis() / 1000.0;
        double rate = delays.size() / seconds;
        BenchProbe.Resources after = BenchProbe.resources();
        if (halfway != null) {
            System.out.println("half:  " + halfway);
        }
        System.out.println("end:   " + after + String.format(" (heap %+,d MB, open files %+d)",
                (after.heapUsedBytes() - before.heapUsedBytes()) >> 20, after.openFiles() - before.openFiles()));
        System.out.printf("%,d of %,d messages with timestamps in (%s, %s] arrived (%.0f s of activity)%n", delays.size(),
                expected, h0, h1, seconds);
        System.out.println("machine: " + BenchProbe.machine());
        boolean ok = delays.size() == expected && !delays.isEmpty();
        if (!ok) {
            System.out.println("FAILED: " + (expected - delays.size()) + " messages of the window never arrived");
        }
        System.out.println(String.format(Locale.ROOT, "bench freshness: rate=%.1f p50=%.1f p95=%.1f max=%.1f", rate,
                percentile(delays, 0.50), percentile(delays, 0.95), delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1)));
        return ok ? 0 : 1;
    }

    private static List<Instant[]> inWindow(Map<Long, Instant[]> seen, Instant after, Instant upTo) {
        List<Instant[]> in = new ArrayList<>();
        for (Instant[] s : seen.values()) {
            if (s[0].isAfter(after) && !s[0].isAfter(upTo)) {
                in.add(s);
            }
        }
        return in;
    }

    @SuppressWarnings("unchecked")
    private static Instant horizon(Map<String, Object> truth) {
        List<Map<String, Object>> workspaces = (List<Map<String, Object>>) truth.get("workspaces");
        return Instant.parse(String.valueOf(workspaces.get(0).get("horizon")));
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

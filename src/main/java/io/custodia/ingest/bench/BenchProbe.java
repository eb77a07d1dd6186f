package io.custodia.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmarks of this package observe from the outside: heap after a full collection, open file
 * descriptors, the machine's load, and the simulator's ground truth (over HTTP, as a test would).
 */
final class BenchProbe {

    private BenchProbe() {
    }

    /** Heap in use after a GC, and open file descriptors of this process. */
    record Resources(long heapUsedBytes, long openFiles) {
        @Override
        public String toString() {
            return String.format("heap used after GC %,d MB, open files %d", heapUsedBytes >> 20, openFiles);
        }
    }

    static Resources resources() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // what the last collection left in the heap pools, not what is in use a moment later: busy threads
        // allocate tens of MB between a System.gc() and a getHeapMemoryUsage() call
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            afterGc += usage == null ? 0 : usage.getUsed();
        }
        long fds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            fds = unix.getOpenFileDescriptorCount();
        }
        return new Resources(afterGc, fds);
    }

    /** {@code nproc} and the 1/5/15-minute load averages, as {@code uptime} shows them. */
    static String machine() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
            String[] parts = load.split("\\s+");
            load = parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            load = String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", load average " + load + ", max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB, GC " + gc() + ", JIT " + jit();
    }

    /** The garbage collector, by its collectors' names (G1, Serial, Parallel, …). */
    static String gc() {
        List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList();
        if (names.stream().anyMatch(n -> n.startsWith("G1 "))) {
            return "G1";
        } else if (names.contains("Copy") || names.contains("MarkSweepCompact")) {
            return "Serial";
        } else if (names.stream().anyMatch(n -> n.startsWith("PS "))) {
            return "Parallel";
        }
        return String.join("/", names);
    }

    /** Which JIT compilers run: on two cores C2's compilations cost more than they gain (docs/performance.md). */
    static String jit() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue())) {
                return "C2 only (-XX:-TieredCompilation)";
            }
            int level = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
            return level < 4 ? "C1 only (-XX:TieredStopAtLevel=" + level + ")" : "C1 and C2 (the JVM's default)";
        } catch (RuntimeException e) { // not HotSpot
            return "unknown";
        }
    }

    /** CPU seconds used so far by this JVM and by its child processes (the embedded MariaDB server). */
    record Cpu(double hub, double database) {
        Cpu minus(Cpu earlier) {
            return new Cpu(hub - earlier.hub, database - earlier.database);
        }

        Cpu plus(Cpu other) {
            return new Cpu(hub + other.hub, database + other.database);
        }

        double total() {
            return hub + database;
        }
    }

    static Cpu cpu() {
        double hub = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            hub = os.getProcessCpuTime() / 1e9;
        }
        double db = ProcessHandle.current().descendants().mapToDouble(BenchProbe::cpuSeconds).sum();
        return new Cpu(hub, db);
    }

    /** utime + stime of a process from {@code /proc/<pid>/stat}, in seconds (0 where unreadable). */
    private static double cpuSeconds(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // fields 14 and 15, in clock ticks (USER_HZ 100)
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * CPU seconds per group of this JVM's threads (JIT compilers, GC, Tomcat, Camel, ingest partitions …) from
     * {@code /proc/self/task/*}; digits in thread names are folded so pools form one group.
     */
    static Map<String, Double> threadCpu() {
        Map<String, Double> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (Exception e) {
                    // the thread ended meanwhile
                }
            });
        } catch (Exception e) {
            return Map.of();
        }
        return groups;
    }

    /** The groups that used the most CPU between two {@link #threadCpu} snapshots (threads that ended are missing). */
    static String topThreads(Map<String, Double> before, Map<String, Double> after, int n) {
        StringBuilder sb = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(String.format("%s %.1f s", e.getKey(), e.getValue())));
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> truth(int port, JsonMapper json) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/sim/admin/truth")).build(), HttpResponse.BodyHandlers.ofString());
            return json.readValue(response.body(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("ground truth unavailable: " + e.getMessage(), e);
        }
    }

    static long num(Map<String, Object> map, String key) {
        Object v = map.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** The server counters that say what the database was asked to do (global: the bench's server is its own). */
    private static final List<String> DATABASE_COUNTERS = List.of("Questions", "Com_select", "Com_insert", "Com_update",
            "Com_delete", "Com_stmt_prepare", "Handler_write", "Handler_update", "Handler_read_key", "Handler_read_next", "Handler_read_rnd_next",
            "Bytes_received", "Bytes_sent", "Innodb_data_written");

    static Map<String, Long> databaseStatus(JdbcTemplate jdbc) {
        Map<String, Long> status = new LinkedHashMap<>();
        jdbc.query("SHOW GLOBAL STATUS", rs -> {
            if (DATABASE_COUNTERS.contains(rs.getString(1))) {
                status.put(rs.getString(1), Long.parseLong(rs.getString(2)));
            }
        });
        return status;
    }

    /** Differences of {@link #databaseStatus} between two readings: statements, rows, bytes. */
    static String databaseWork(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder s = new StringBuilder();
        for (String counter : DATABASE_COUNTERS) {
            long d = after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L);
            boolean bytes = counter.startsWith("Bytes") || counter.endsWith("written");
            s.append(s.isEmpty() ? "" : ", ").append(counter.toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(bytes ? String.format("%,d MB", d >> 20) : String.format("%,d", d));
        }
        return s.toString();
    }

    /**
     * With {@code performance_schema} on (custodia.embedded-db.performance-schema), forgets the statement
     * statistics gathered so far, so that {@link #topStatements} covers what follows; false when it is off.
     */
    static boolean resetStatementStatistics(JdbcTemplate jdbc) {
        Integer on = jdbc.queryForObject("SELECT @@performance_schema", Integer.class);
        if (on == null || on == 0) {
            return false;
        }
        jdbc.execute("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
        return true;
    }

    /** The statements that took the server longest (time in the server, lock waits included), by digest. */
    static List<String> topStatements(JdbcTemplate jdbc, int n) {
        return jdbc.query("""
                SELECT COUNT_STAR, SUM_TIMER_WAIT / 1e12, SUM_LOCK_TIME / 1e12, SUM_ROWS_AFFECTED, SUM_ROWS_EXAMINED,
                       LEFT(DIGEST_TEXT, 110)
                FROM performance_schema.events_statements_summary_by_digest ORDER BY SUM_TIMER_WAIT DESC LIMIT ?""",
                (rs, i) -> String.format("  statement: %,7d × %6.2f s (lock %5.2f s) rows affected %,9d examined %,9d  %s",
                        rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                        rs.getString(6).replaceAll("\\s+", " ")), n);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package io.custodia.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long fds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            fds = unix.getOpenFileDescriptorCount();
        }
        return new Resources(heap.getUsed(), fds);
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
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB";
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

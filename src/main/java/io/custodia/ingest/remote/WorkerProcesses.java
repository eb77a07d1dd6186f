package io.custodia.ingest.remote;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker hubs in separate JVMs for benchmarks ({@code bench ingest --workers K}): each is this same jar,
 * started with {@code custodia.ingest.remote.worker=true} on the given database and broker, with no
 * workspace, no simulator and no schedules of its own, so all it does is run ingest partitions. They are
 * killed when closed.
 */
public final class WorkerProcesses implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    private WorkerProcesses() {
    }

    /**
     * Starts {@code count} workers and waits until each has started its partition consumers.
     *
     * @param jdbcUrl   the shared database (the manager's)
     * @param queue     the partition queue
     * @param consumers partitions each worker runs at once
     * @param heap      each worker's {@code -Xmx}, e.g. {@code 512m}
     */
    public static WorkerProcesses start(int count, String jdbcUrl, String brokerUrl, String queue, int consumers,
                                        String heap, Duration startTimeout) {
        WorkerProcesses workers = new WorkerProcesses();
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            String classPath = System.getProperty("java.class.path");
            if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
                throw new IllegalStateException("--workers needs the packaged hub: java -jar target/custodia.jar bench ingest …");
            }
            for (int i = 0; i < count; i++) {
                Path log = Files.createTempFile("custodia-bench-worker-" + i + "-", ".log");
                workers.logs.add(log);
                List<String> command = List.of(java, "-Xmx" + heap, "-jar", classPath,
                        "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=root", "--spring.datasource.password=",
                        "--spring.flyway.enabled=false", // the manager migrated the schema
                        "--custodia.simulator.enabled=false",
                        "--custodia.workspaces[0].id=bench-worker-" + i, "--custodia.workspaces[0].enabled=false",
                        "--custodia.retention.schedule=0 0 2 1 1 ? 2099",
                        "--spring.quartz.auto-startup=false", // fires none of the manager's triggers
                        "--custodia.ingest.remote.worker=true",
                        "--custodia.ingest.remote.broker-url=" + brokerUrl,
                        "--custodia.ingest.remote.queue=" + queue,
                        "--custodia.ingest.remote.consumers=" + consumers,
                        "--server.port=0", "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN", "--logging.level.io.custodia.ingest.remote=INFO",
                        "--logging.level.io.custodia.CustodiaApplication=INFO");
                workers.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start());
            }
            long deadline = System.nanoTime() + startTimeout.toNanos();
            for (int i = 0; i < count; i++) {
                while (!started(Files.readString(workers.logs.get(i)))) {
                    if (!workers.processes.get(i).isAlive()) {
                        throw new IllegalStateException("worker " + i + " exited: see " + workers.logs.get(i));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("worker " + i + " did not start in " + startTimeout + ": see " + workers.logs.get(i));
                    }
                    Thread.sleep(500);
                }
            }
            return workers;
        } catch (IOException e) {
            workers.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            workers.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting workers", e);
        } catch (RuntimeException e) {
            workers.close();
            throw e;
        }
    }

    /** A worker is ready once its consumers are configured and the application has started. */
    private static boolean started(String log) {
        return log.contains("ingest remote partitioning:") && log.contains("Started CustodiaApplication");
    }

    /** Partitions each worker ran, from its log. */
    public List<Long> partitionsRun() {
        List<Long> counts = new ArrayList<>();
        for (Path log : logs) {
            try {
                counts.add(Files.readAllLines(log).stream().filter(l -> l.contains("ran here: COMPLETED")).count());
            } catch (IOException e) {
                counts.add(-1L);
            }
        }
        return counts;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy); // SIGTERM: a graceful shutdown closes their connections
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (Path log : logs) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temporary file: the OS cleans it up
            }
        }
    }
}

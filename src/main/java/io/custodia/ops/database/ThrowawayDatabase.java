package io.custodia.ops.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.FileSystemUtils;

/**
 * An embedded MariaDB in a temporary directory, for benchmarks: {@link #arguments} are command-line
 * arguments (they outrank every configuration file, so no {@code config/application.yaml} can point a
 * benchmark at real data); {@link #close} deletes the directory.
 */
public final class ThrowawayDatabase implements AutoCloseable {

    private final Path dir;

    private ThrowawayDatabase(Path dir) {
        this.dir = dir;
    }

    public static ThrowawayDatabase create() {
        try {
            return new ThrowawayDatabase(Files.createTempDirectory("custodia-bench-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the benchmark database", e);
        }
    }

    /** The embedded-database settings, quiet logging, then {@code more}. */
    public String[] arguments(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--custodia.embedded-db.data-dir=" + dir.resolve("data"),
                "--custodia.embedded-db.base-dir=" + dir.resolve("base"),
                "--custodia.embedded-db.temporary=true",
                "--custodia.embedded-db.database=bench",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A path inside the throw-away directory (e.g. for a simulator state file). */
    public Path path(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }
}

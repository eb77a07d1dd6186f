package io.custodia.ops.routes;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start, with what to do, when the routes directory that {@code camel.main.routes-include-pattern}
 * reads from is not there — typically {@code java -jar …/custodia.jar} started from another working directory
 * ({@code routes/} is relative). Camel itself would fail later with a bare {@code NoSuchFileException: routes}
 * deep in a stack trace.
 */
@Component
class RoutesDirectoryCheck {

    RoutesDirectoryCheck(@Value("${camel.main.routes-include-pattern:}") String includePattern,
                         @Value("${custodia.routes.directory:routes}") String directory) {
        check(includePattern, directory, Path.of(""));
    }

    static void check(String includePattern, String directory, Path workingDirectory) {
        boolean readsIt = false;
        for (String pattern : includePattern.split(",")) {
            String p = pattern.trim();
            readsIt |= p.startsWith("file:" + directory + "/") || p.startsWith("file:./" + directory + "/");
        }
        Path dir = workingDirectory.resolve(directory).toAbsolutePath().normalize();
        if (readsIt && !Files.isDirectory(dir)) {
            throw new IllegalStateException("The Camel routes directory " + dir + " does not exist (working directory "
                    + workingDirectory.toAbsolutePath().normalize() + "): start Custodia from its directory (the one"
                    + " holding routes/, config/ and samples/), or set camel.main.routes-include-pattern and"
                    + " custodia.routes.directory to where its routes are");
        }
    }
}

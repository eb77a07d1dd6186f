package io.custodia.ops.routes;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesDirectoryCheckTest {

    private static final String PATTERN = "file:routes/*.yaml,file:routes/feeds/*.yaml";

    @Test
    void startedElsewhereTheHubSaysWhichDirectoryIsMissingAndWhatToDo(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> RoutesDirectoryCheck.check(PATTERN, "routes", elsewhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("routes directory " + elsewhere.resolve("routes").toAbsolutePath())
                .hasMessageContaining("working directory " + elsewhere.toAbsolutePath())
                .hasMessageContaining("camel.main.routes-include-pattern");
    }

    @Test
    void theDirectoryPresentOrRoutesReadFromElsewhereStartAsBefore(@TempDir Path dir) throws Exception {
        assertThatCode(() -> RoutesDirectoryCheck.check("classpath:routes/*.yaml", "routes", dir)).doesNotThrowAnyException();
        Files.createDirectory(dir.resolve("routes"));
        assertThatCode(() -> RoutesDirectoryCheck.check(PATTERN, "routes", dir)).doesNotThrowAnyException();
    }
}

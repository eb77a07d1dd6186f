package io.custodia.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code custodia.routes.reload=true}: an integration team edits a route file of a running hub. The
 * changed plain routes are replaced, and the collection routes made from the file's template are made
 * again from the new template (Camel alone would leave them as they were built); routes of other files
 * are untouched, and collection goes on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RoutesReloadTest {

    private static final String WS = "7c0e6f42-5d1a-4b8e-9f3c-2a6d8e1b4c70";
    private static final Path ROUTES = copyOfTheRoutes();

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void routesFromACopy(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.yaml");
        registry.add("custodia.routes.reload", () -> "true");
        registry.add("custodia.routes.directory", ROUTES::toString);
    }

    private static Path copyOfTheRoutes() {
        try {
            Path dir = Path.of("target", "reload-routes-" + UUID.randomUUID()).toAbsolutePath();
            Files.createDirectories(dir);
            try (var files = Files.list(Path.of("routes"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void templatedCollectionRoutesSurviveAReloadOfTheirTemplateAndTakeItsChanges() throws Exception {
        String logsRoute = "collect-logs-" + WS + "-CONVERSATION_MESSAGE";
        String usersRoute = "collect-users-" + WS;
        await().atMost(Duration.ofSeconds(60)).until(() -> camel.getRoute(logsRoute) != null);
        Route usersBefore = camel.getRoute(usersRoute);
        Route logsBefore = camel.getRoute(logsRoute);
        assertThat(logsBefore.getEndpoint().getEndpointUri()).contains("trigger.misfireInstruction=1");

        Path file = ROUTES.resolve("collect-logs.yaml");
        String yaml = Files.readString(file);
        String changed = yaml
                .replace("trigger.misfireInstruction: 1", "trigger.misfireInstruction: 2")
                .replace("description: Pages through the Logs Platform listing of one workspace and event type",
                        "description: Pages through the Logs Platform listing (edited)");
        assertThat(changed).isNotEqualTo(yaml).contains("(edited)");
        Files.writeString(file, changed);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
            Route logs = camel.getRoute(logsRoute);
            Route poll = camel.getRoute("poll-logs");
            return logs != null && logs != logsBefore && logs.getEndpoint().getEndpointUri().contains("trigger.misfireInstruction=2")
                    && poll != null && "Pages through the Logs Platform listing (edited)".equals(poll.getDescription());
        });
        assertThat(camel.getRouteController().getRouteStatus(logsRoute)).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("poll-logs")).isEqualTo(ServiceStatus.Started);
        // the other event type's instance was made again too; the users route (another file) was not touched
        assertThat(camel.getRoute("collect-logs-" + WS + "-AUTH_LOG").getEndpoint().getEndpointUri()).contains("trigger.misfireInstruction=2");
        assertThat(camel.getRoute(usersRoute)).isSameAs(usersBefore);
        // and the new instance polls: its Quartz trigger fires it (every 5 s in the test profile)
        long before = camel.getRoute(logsRoute).getUptimeMillis();
        assertThat(before).isGreaterThanOrEqualTo(0);
        org.apache.camel.builder.NotifyBuilder polled = new org.apache.camel.builder.NotifyBuilder(camel)
                .fromRoute(logsRoute).whenDone(1).create();
        assertThat(polled.matches(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
}

package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collection routes' shared error handling ({@code routes/compliance-api-errors.yaml}) with a
 * stand-in for the HTTP call: 429 waits for Retry-After and polls again, 5xx backs off and retries
 * a bounded number of times, 401/403 stop at once and mark the workspace unauthorized, and failures
 * wrapped by a split are classified all the same.
 */
class ComplianceApiErrorsRouteTest extends CamelTestSupport {

    private final List<Duration> waits = new ArrayList<>();
    private final List<OutboxEvent> published = new ArrayList<>();
    private final SourceHealth health = new SourceHealth(published::add, new OutboxEvents(JsonMapper.builder().build()));
    private final AtomicInteger calls = new AtomicInteger();
    private List<Exception> failures = List.of();

    @Override
    protected void bindToRegistry(Registry registry) {
        SourceProperties props = new SourceProperties(List.of(), new SourceProperties.Defaults(null, null, null,
                Duration.ofSeconds(7), Duration.ofMinutes(2)));
        registry.bind("apiErrors", new ApiErrors());
        registry.bind("rateLimitWait", new RateLimitWait(props, waits::add));
        registry.bind("sourceHealth", health);
    }

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "file:" + Path.of("routes/compliance-api-errors.yaml").toAbsolutePath()));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:poll").routeConfigurationId("compliance-api-errors")
                        .setHeader(ComplianceApi.WORKSPACE, constant("ws-1"))
                        .setHeader(ComplianceApi.STREAM, constant("CONVERSATION_MESSAGE"))
                        .process(e -> {
                            int n = calls.getAndIncrement();
                            if (n < failures.size()) {
                                throw failures.get(n);
                            }
                        })
                        .bean("sourceHealth", "succeeded");
            }
        };
    }

    @Test
    void rateLimitedPollWaitsForRetryAfterThenGoesOn() {
        failures = List.of(http(429, Map.of("Retry-After", "3")), http(429, Map.of()));
        Exchange result = template.send("direct:poll", e -> { });
        assertThat(result.getException()).isNull();
        assertThat(calls.get()).isEqualTo(3);
        // the header's value, then the configured default when the header is absent
        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(7));
        assertThat(health.all()).singleElement().satisfies(s -> assertThat(s.lastSuccess()).isNotNull());
        // a stream that starts healthy changed nothing worth routing
        assertThat(published).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        failures = List.of(http(503, Map.of()), http(503, Map.of()), http(503, Map.of()), http(503, Map.of()),
                http(503, Map.of()), http(503, Map.of()));
        Exchange result = template.send("direct:poll", e -> { });
        assertThat(calls.get()).isEqualTo(5); // first try + 4 redeliveries, then the poll gives up
        assertThat(result.getException()).isNull(); // handled: the next poll resumes from the checkpoint
        assertThat(health.all()).singleElement().satisfies(s -> {
            assertThat(s.lastSuccess()).isNull();
            assertThat(s.lastError()).contains("HTTP 503");
            assertThat(s.unauthorized()).isFalse();
        });
        // the stream went DOWN: one outbox event; the next successful poll brings it back UP
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("source.health.changed");
            assertThat(e.severity()).isEqualTo("high");
            assertThat(e.payload()).contains("\"state\":\"DOWN\"", "HTTP 503");
        });
        failures = List.of();
        calls.set(0);
        template.send("direct:poll", e -> { });
        template.send("direct:poll", e -> { });
        assertThat(published).hasSize(2).last().satisfies(e -> {
            assertThat(e.severity()).isEqualTo("info");
            assertThat(e.payload()).contains("\"state\":\"UP\"", "\"previousState\":\"DOWN\"");
        });
    }

    @Test
    void unauthorizedStopsAtOnceWithAnActionableMessage() {
        failures = List.of(new CamelExchangeException("Sequential processing failed for number 3", null,
                http(401, Map.of())));
        Exchange result = template.send("direct:poll", e -> { });
        assertThat(calls.get()).isEqualTo(1);
        assertThat(result.getException()).isNull();
        assertThat(waits).isEmpty();
        assertThat(health.all()).singleElement().satisfies(s -> {
            assertThat(s.unauthorized()).isTrue();
            assertThat(s.lastError()).contains("ws-1", "api-key", "Compliance API read scope");
        });
        assertThat(published).singleElement().satisfies(e -> assertThat(e.severity()).isEqualTo("critical"));
    }

    @Test
    void integrityFailuresAreRetriedLikeTransientOnes() {
        failures = List.of(new IntegrityException("log file clf_1 has SHA-256 ab, listing says cd"));
        Exchange result = template.send("direct:poll", e -> { });
        assertThat(result.getException()).isNull();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(health.all()).singleElement().satisfies(s -> assertThat(s.lastSuccess()).isNotNull());
    }

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://api.test/v1/compliance/workspaces/ws-1/logs", status, "status "
                + status, null, headers, "{\"error\":{\"message\":\"status " + status + "\"}}");
    }
}

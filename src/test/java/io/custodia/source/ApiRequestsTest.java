package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Request-level resilience of {@link ApiRequests} against a scripted HTTP server through the real camel-http
 * component: Retry-After honoured (default when absent), 5xx retried with growing backoff a bounded number
 * of times, 401 not retried, the request budget spaces requests, the key never goes to the signed host.
 */
class ApiRequestsTest extends CamelTestSupport {

    private HttpServer server;
    private final Deque<int[]> script = new ConcurrentLinkedDeque<>(); // {status, retryAfter or -1}
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> rateLimitWaits = new ArrayList<>();
    private final List<Duration> backoffs = new ArrayList<>();
    private final List<Duration> budgetWaits = new ArrayList<>();
    private ApiRequests requests;
    private ResilienceProperties resilience = new ResilienceProperties(120, null, null, 3, Duration.ofMillis(100),
            Duration.ofMillis(250), 2, null, null, null);

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("complianceApiHeaders", ComplianceApiHeaders.api());
        registry.bind("signedDownloadHeaders", ComplianceApiHeaders.signedDownload());
    }

    @BeforeEach
    void startServer() throws Exception {
        context.getComponent("http", org.apache.camel.component.http.HttpComponent.class).setAutomaticRetriesDisabled(true);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            int[] next = script.poll();
            int status = next == null ? 200 : next[0];
            if (next != null && next[1] >= 0) {
                x.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
            }
            byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        SourceProperties source = new SourceProperties(List.of(), new SourceProperties.Defaults(null, null, null,
                Duration.ofSeconds(9), Duration.ofSeconds(30)));
        requests = new ApiRequests(template, new RequestBudget(resilience, budgetWaits::add),
                new RateLimitWait(source, rateLimitWaits::add), resilience,
                new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
        requests.setSleeper(backoffs::add);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Exchange request() {
        Exchange e = new DefaultExchange(context);
        e.getIn().setHeader(ComplianceApi.WORKSPACE, "ws-1");
        e.getIn().setHeader(ComplianceApi.STREAM, "AUTH_LOG");
        e.getIn().setHeader(Exchange.HTTP_URI, "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs");
        e.getIn().setHeader("Authorization", "Bearer sk-secret");
        return e;
    }

    @Test
    void rateLimitsWaitForRetryAfterOrTheDefault() throws Exception {
        script.add(new int[]{429, 3});
        script.add(new int[]{429, -1});
        Exchange e = request();
        requests.api(e);
        assertThat(e.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(e.getIn().getBody(String.class)).contains("200");
        assertThat(rateLimitWaits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(9));
        assertThat(authorizations).hasSize(3).allMatch("Bearer sk-secret"::equals);
        // a third 429 in a row is more than max-rate-limit-waits=2: the request fails
        script.add(new int[]{429, 1});
        script.add(new int[]{429, 1});
        script.add(new int[]{429, 1});
        assertThatThrownBy(() -> requests.api(request())).isInstanceOf(HttpOperationFailedException.class)
                .satisfies(t -> assertThat(((HttpOperationFailedException) t).getStatusCode()).isEqualTo(429));
    }

    @Test
    void serverErrorsBackOffExponentiallyABoundedNumberOfTimes() {
        for (int i = 0; i < 5; i++) {
            script.add(new int[]{503, -1});
        }
        assertThatThrownBy(() -> requests.api(request())).isInstanceOf(HttpOperationFailedException.class);
        assertThat(authorizations).hasSize(3); // max-attempts
        assertThat(backoffs).hasSize(2);
        // 100 ms then 200 ms, each ±50 %, capped at 250 ms
        assertThat(backoffs.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        assertThat(backoffs.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(250));
    }

    @Test
    void onePollSpendsAtMostMaxRetriesPerPoll() throws Exception {
        ResilienceProperties tight = new ResilienceProperties(null, null, null, 5, Duration.ofMillis(10),
                Duration.ofMillis(10), 5, 2, null, null);
        ApiRequests poll = new ApiRequests(template, new RequestBudget(tight, budgetWaits::add),
                new RateLimitWait(new SourceProperties(List.of(), null), rateLimitWaits::add), tight,
                new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
        poll.setSleeper(backoffs::add);
        Exchange listing = request();
        script.add(new int[]{502, -1});
        poll.api(listing); // one retry spent
        Exchange file = listing.copy(); // as the split hands it to a file download
        script.add(new int[]{503, -1});
        script.add(new int[]{503, -1});
        assertThatThrownBy(() -> poll.api(file)).isInstanceOf(HttpOperationFailedException.class);
        assertThat(authorizations).hasSize(4); // 2 + 2: the second request had one retry left, not four
    }

    @Test
    void refusedKeyIsNotRetried() {
        script.add(new int[]{401, -1});
        assertThatThrownBy(() -> requests.api(request())).isInstanceOf(HttpOperationFailedException.class);
        assertThat(authorizations).hasSize(1);
        assertThat(backoffs).isEmpty();
    }

    @Test
    void budgetSpacesRequestsAndTheSignedHostGetsNoKey() throws Exception {
        requests.api(request());
        requests.api(request());
        requests.api(request());
        // 120 per minute: 500 ms apart; the first goes at once
        assertThat(budgetWaits).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(300), Duration.ofMillis(1000)));
        authorizations.clear();
        requests.signed(request()); // even with the header still on the exchange
        assertThat(authorizations).containsExactly("null");
        assertThat(budgetWaits).hasSize(2); // signed downloads are not API requests
    }
}

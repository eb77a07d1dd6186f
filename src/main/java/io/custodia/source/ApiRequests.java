package io.custodia.source;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends one Compliance API request (camel-http) with request-level resilience: the workspace's and the
 * route's requests-per-minute budget, 429 → wait for {@code Retry-After} and try again, 5xx / timeouts /
 * I/O errors → exponential backoff with jitter, a bounded number of tries per request and of retries per
 * poll. Anything else (401/403, 404, 410 …) fails at once. A request that still fails fails the poll; the
 * next poll resumes from the checkpoint.
 * <p>
 * The retries are a loop here rather than Camel redelivery inside the {@code direct:} sub-routes, where
 * redelivery and the shared route configuration's {@code handled} interfere.
 */
@Component("apiRequests")
public class ApiRequests {

    private static final Logger log = LoggerFactory.getLogger(ApiRequests.class);

    // camel.component.http.automatic-retries-disabled=true (application.yaml): Apache HttpClient 5 would
    // otherwise retry a 429/503 once by itself, sleeping for Retry-After without the cap of
    // custodia.source.max-retry-after and outside the request budget
    static final String API = "http://compliance-api?headerFilterStrategy=#complianceApiHeaders";
    static final String API_OR_REDIRECT = API + "&okStatusCodeRange=200-299,307";
    /** For lookups where 404 is an answer (a deleted or private GPT or project), not a failure. */
    static final String API_OR_NOT_FOUND = API + "&okStatusCodeRange=200-299,404";
    /** The signed download host: never the bearer key (the header filter drops it). */
    static final String SIGNED = "http://signed-download?headerFilterStrategy=#signedDownloadHeaders";
    /** Exchange property: the retries this poll has spent (shared by the split's copies). */
    static final String POLL_RETRIES = "CustodiaPollRetries";

    /** How waits happen; replaced in tests. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ProducerTemplate producer;
    private final RequestBudget budget;
    private final RateLimitWait rateLimitWait;
    private final ResilienceProperties props;
    private final ObjectProvider<MeterRegistry> meters;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    public ApiRequests(ProducerTemplate producer, RequestBudget budget, RateLimitWait rateLimitWait,
                       ResilienceProperties props, ObjectProvider<MeterRegistry> meters) {
        this.producer = producer;
        this.budget = budget;
        this.rateLimitWait = rateLimitWait;
        this.props = props;
        this.meters = meters;
    }

    void setSleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** A Compliance API request whose answer must be 2xx. */
    public void api(Exchange exchange) throws Exception {
        send(exchange, API, true);
    }

    /** A Compliance API request whose answer may be 404 (read {@code CamelHttpResponseCode}). */
    public void apiOrNotFound(Exchange exchange) throws Exception {
        send(exchange, API_OR_NOT_FOUND, true);
    }

    /** A Compliance API request that may answer 307 to a signed URL. */
    public void apiOrRedirect(Exchange exchange) throws Exception {
        send(exchange, API_OR_REDIRECT, true);
    }

    /** A download from a signed URL (not the API host: outside the budget, without the key). */
    public void signed(Exchange exchange) throws Exception {
        send(exchange, SIGNED, false);
    }

    void send(Exchange exchange, String uri, boolean budgeted) throws Exception {
        String ws = exchange.getIn().getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = exchange.getIn().getHeader(ComplianceApi.STREAM, String.class);
        int failures = 0;
        int rateLimited = 0;
        // created by the poll's first request (the listing), before any split: its copies share it
        if (exchange.getProperty(POLL_RETRIES) == null) {
            exchange.setProperty(POLL_RETRIES, new AtomicInteger());
        }
        while (true) {
            if (budgeted) {
                budget.acquire(ws, stream);
            }
            Exchange attempt = exchange.copy();
            attempt.setException(null);
            producer.send(uri, attempt);
            Exception failure = attempt.getException();
            if (failure == null) {
                // the answer replaces the request in the IN message (whatever the exchange pattern: the
                // next processor of this bean's caller reads IN)
                exchange.getIn().copyFrom(attempt.getMessage());
                return;
            }
            int status = status(failure);
            if (status == 429 && rateLimited < props.maxRateLimitWaits() && spend(exchange)) {
                rateLimited++;
                count(ws, stream, "rate-limited");
                HttpOperationFailedException http = ApiErrors.find(failure, HttpOperationFailedException.class);
                rateLimitWait.await(http == null || http.getResponseHeaders() == null ? java.util.Map.of()
                        : http.getResponseHeaders(), ws, stream);
                continue;
            }
            if (isTransient(status, failure) && ++failures < props.maxAttempts() && spend(exchange)) {
                Duration wait = backoff(failures);
                count(ws, stream, status >= 500 ? "server-error" : "io-error");
                log.warn("Workspace {} stream {}: {} (try {} of {}), trying again in {} ms", ws, stream,
                        describe(failure), failures, props.maxAttempts(), wait.toMillis());
                sleeper.sleep(wait);
                continue;
            }
            throw failure;
        }
    }

    /** Exponential: initial · 2^(n-1), capped, then ±50 % jitter. */
    Duration backoff(int failures) {
        long base = props.initialBackoff().toMillis() << Math.min(20, failures - 1);
        base = Math.min(base, props.maxBackoff().toMillis());
        long jittered = Math.round(base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        return Duration.ofMillis(Math.min(jittered, props.maxBackoff().toMillis()));
    }

    /** Takes one retry from the poll's allowance; false when the poll has spent them all. */
    private boolean spend(Exchange exchange) {
        return exchange.getProperty(POLL_RETRIES, AtomicInteger.class).incrementAndGet() <= props.maxRetriesPerPoll();
    }

    private void count(String ws, String stream, String reason) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            registry.counter("custodia.source.retries", "workspace", String.valueOf(ws), "stream", String.valueOf(stream),
                    "reason", reason).increment();
        }
    }

    static int status(Throwable failure) {
        HttpOperationFailedException http = ApiErrors.find(failure, HttpOperationFailedException.class);
        if (http != null) {
            return http.getStatusCode();
        }
        ComplianceApiException api = ApiErrors.find(failure, ComplianceApiException.class);
        return api != null ? api.status() : 0;
    }

    static boolean isTransient(int status, Throwable failure) {
        return status >= 500 || ApiErrors.find(failure, IOException.class) != null;
    }

    private static String describe(Throwable failure) {
        HttpOperationFailedException http = ApiErrors.find(failure, HttpOperationFailedException.class);
        return http != null ? "HTTP " + http.getStatusCode() + " from " + ApiErrors.stripQuery(http.getUri())
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}

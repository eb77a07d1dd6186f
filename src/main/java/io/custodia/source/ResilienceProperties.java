package io.custodia.source;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How collection treats the Compliance API's limits and failures ({@code custodia.source.resilience.*}).
 * The wait after a 429 is {@code custodia.source.default-retry-after} / {@code max-retry-after}.
 *
 * @param requestsPerMinute        budget of API requests per workspace (all its routes together); 0 = no limit
 * @param routeRequestsPerMinute   budget per workspace and route (stream); 0 = no limit
 * @param workspaceRequestsPerMinute per-workspace override of {@code requests-per-minute}, by workspace id
 * @param maxAttempts              tries of one request that fails with 5xx, a timeout or an I/O error
 * @param initialBackoff           wait before the second try; doubles with each further try, ±50 % jitter
 * @param maxBackoff               the longest wait between tries
 * @param maxRateLimitWaits        how often one request waits for {@code Retry-After} before the poll gives up
 * @param maxRetriesPerPoll        retries (of any request) one poll may spend; then it stops and the next
 *                                 poll resumes from the checkpoint
 * @param downloadAttempts         downloads of one file (a signed URL that answered 410, or a body that does
 *                                 not match {@code file_sha256}, is fetched again by id); then it is quarantined
 * @param unauthorizedBackoff      after 401/403 a workspace is not polled again for this long (or until restarted
 *                                 with a new key)
 */
@ConfigurationProperties("custodia.source.resilience")
public record ResilienceProperties(Integer requestsPerMinute, Integer routeRequestsPerMinute,
                                   Map<String, Integer> workspaceRequestsPerMinute, Integer maxAttempts,
                                   Duration initialBackoff, Duration maxBackoff, Integer maxRateLimitWaits,
                                   Integer maxRetriesPerPoll, Integer downloadAttempts, Duration unauthorizedBackoff) {

    public ResilienceProperties {
        requestsPerMinute = requestsPerMinute != null ? requestsPerMinute : 0;
        routeRequestsPerMinute = routeRequestsPerMinute != null ? routeRequestsPerMinute : 0;
        workspaceRequestsPerMinute = workspaceRequestsPerMinute != null ? Map.copyOf(workspaceRequestsPerMinute) : Map.of();
        maxAttempts = maxAttempts != null ? maxAttempts : 4;
        initialBackoff = initialBackoff != null ? initialBackoff : Duration.ofSeconds(1);
        maxBackoff = maxBackoff != null ? maxBackoff : Duration.ofSeconds(30);
        maxRateLimitWaits = maxRateLimitWaits != null ? maxRateLimitWaits : 5;
        maxRetriesPerPoll = maxRetriesPerPoll != null ? maxRetriesPerPoll : 50;
        downloadAttempts = downloadAttempts != null ? downloadAttempts : 3;
        unauthorizedBackoff = unauthorizedBackoff != null ? unauthorizedBackoff : Duration.ofMinutes(15);
        if (requestsPerMinute < 0 || routeRequestsPerMinute < 0 || maxAttempts < 1 || maxRateLimitWaits < 0
                || maxRetriesPerPoll < 0 || downloadAttempts < 1) {
            throw new IllegalArgumentException("custodia.source.resilience: budgets must be >= 0 and attempts >= 1");
        }
    }

    public static ResilienceProperties defaults() {
        return new ResilienceProperties(null, null, null, null, null, null, null, null, null, null);
    }

    /** The requests-per-minute budget of a workspace (0 = no limit). */
    int workspaceBudget(String workspace) {
        return workspaceRequestsPerMinute.getOrDefault(workspace, requestsPerMinute);
    }
}

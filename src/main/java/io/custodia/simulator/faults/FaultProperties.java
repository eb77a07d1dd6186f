package io.custodia.simulator.faults;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Faults the simulator injects ({@code custodia.simulator.faults.*}), all off by default. Rates are
 * shares in [0, 1]; {@code *-every} is "every N-th request". Every decision is a pure function of the
 * seed and what it applies to (request number, file id and line, listing query), so the same seed gives
 * the same data and the same faults.
 *
 * @param seed                            fault seed; absent = the first simulated workspace's seed
 * @param rateLimitEvery                  every N-th {@code /sim/v1} request answers 429
 * @param rateLimitRate                   share of {@code /sim/v1} requests answering 429
 * @param rateLimitRetryAfter             {@code Retry-After} of the 429s (seconds, or a duration such as {@code PT2S})
 * @param rateLimitWithoutRetryAfterRate  share of the 429s sent without {@code Retry-After}
 * @param serverErrorEvery                every N-th {@code /sim/v1} request answers 500/502/503
 * @param serverErrorRate                 share of {@code /sim/v1} requests answering 500/502/503
 * @param latency                         delay added to every {@code /sim/v1} request
 * @param malformedPageRate               share of log listing pages served as broken JSON (the first time a
 *                                        given query is asked; asked again it answers correctly)
 * @param malformedLineRate               share of JSONL records preceded by a torn (truncated, not JSON) copy
 *                                        of themselves on a line of its own
 * @param concatenatedLineRate            share of JSONL records written on one line with the next record
 * @param duplicateRate                   share of log files listed a second time under a new id (same records)
 * @param redeliveryRate                  share of log files listed again on the next listing that starts at
 *                                        their {@code end_time} (boundary re-delivery)
 * @param expiredUrlRate                  share of signed download URLs answering 410 the first time
 * @param shaMismatchRate                 share of log files whose first download does not match {@code file_sha256}
 */
@ConfigurationProperties("custodia.simulator.faults")
public record FaultProperties(
        Long seed,
        int rateLimitEvery,
        double rateLimitRate,
        @DurationUnit(ChronoUnit.SECONDS) Duration rateLimitRetryAfter,
        double rateLimitWithoutRetryAfterRate,
        int serverErrorEvery,
        double serverErrorRate,
        @DurationUnit(ChronoUnit.MILLIS) Duration latency,
        double malformedPageRate,
        double malformedLineRate,
        double concatenatedLineRate,
        double duplicateRate,
        double redeliveryRate,
        double expiredUrlRate,
        double shaMismatchRate) {

    public static final FaultProperties NONE = new FaultProperties(null, 0, 0, null, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0);

    public FaultProperties {
        rateLimitRetryAfter = rateLimitRetryAfter != null ? rateLimitRetryAfter : Duration.ofSeconds(1);
        latency = latency != null ? latency : Duration.ZERO;
        if (rateLimitEvery < 0 || serverErrorEvery < 0) {
            throw new IllegalArgumentException("custodia.simulator.faults.*-every must be >= 0 (0 = off)");
        }
        double[] rates = {rateLimitRate, rateLimitWithoutRetryAfterRate, serverErrorRate, malformedPageRate,
            malformedLineRate, concatenatedLineRate, duplicateRate, redeliveryRate, expiredUrlRate, shaMismatchRate};
        for (double r : rates) {
            if (r < 0 || r > 1 || Double.isNaN(r)) {
                throw new IllegalArgumentException("custodia.simulator.faults.*-rate must be between 0 and 1, was " + r);
            }
        }
        if (rateLimitRetryAfter.isNegative() || latency.isNegative()) {
            throw new IllegalArgumentException("custodia.simulator.faults durations must not be negative");
        }
    }

    /** Any request-level fault (429, 5xx, latency) on. */
    public boolean requestFaults() {
        return rateLimitEvery > 0 || rateLimitRate > 0 || serverErrorEvery > 0 || serverErrorRate > 0 || !latency.isZero();
    }
}

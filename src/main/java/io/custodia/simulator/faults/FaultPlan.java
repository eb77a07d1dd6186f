package io.custodia.simulator.faults;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which faults the simulator injects. Each decision hashes the seed with what it applies to (a
 * request number, a file id and record index, a listing query), so it is the same on every run with the
 * same seed, whatever order the hub asks in. "First time only" faults (expired URL, hash mismatch, broken
 * listing page) remember what they already broke. Counts what it injected for the ground truth.
 */
public final class FaultPlan {

    private final FaultProperties props;
    private final long seed;
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> brokenOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
    private final Set<String> malformedPages = ConcurrentHashMap.newKeySet();

    public FaultPlan(FaultProperties props, long defaultSeed) {
        this.props = props != null ? props : FaultProperties.NONE;
        this.seed = this.props.seed() != null ? this.props.seed() : defaultSeed;
    }

    public FaultProperties properties() {
        return props;
    }

    // ------------------------------------------------------------------ request level

    /** What happens to one {@code /sim/v1} request. */
    public enum RequestFault { NONE, RATE_LIMITED, RATE_LIMITED_WITHOUT_RETRY_AFTER, SERVER_ERROR }

    /** The fault of request number {@code n} (1-based, in arrival order). */
    public record Decision(RequestFault fault, long n) {
    }

    /** Numbers the request and decides its fault. */
    public Decision nextRequest() {
        long n = requests.incrementAndGet();
        if ((props.rateLimitEvery() > 0 && n % props.rateLimitEvery() == 0)
                || (props.rateLimitRate() > 0 && unit("429", "", n) < props.rateLimitRate())) {
            boolean without = props.rateLimitWithoutRetryAfterRate() > 0
                    && unit("429-no-retry-after", "", n) < props.rateLimitWithoutRetryAfterRate();
            count(without ? "rateLimitedWithoutRetryAfter" : "rateLimited");
            return new Decision(without ? RequestFault.RATE_LIMITED_WITHOUT_RETRY_AFTER : RequestFault.RATE_LIMITED, n);
        }
        if ((props.serverErrorEvery() > 0 && n % props.serverErrorEvery() == 0)
                || (props.serverErrorRate() > 0 && unit("5xx", "", n) < props.serverErrorRate())) {
            count("serverErrors");
            return new Decision(RequestFault.SERVER_ERROR, n);
        }
        return new Decision(RequestFault.NONE, n);
    }

    /** 500, 502 or 503 for request number {@code n}. */
    public int serverErrorStatus(long n) {
        return new int[]{500, 502, 503}[(int) Math.floorMod(mix(seed ^ n), 3L)];
    }

    // ------------------------------------------------------------------ data level (pure)

    public boolean malformedLine(String fileId, int record) {
        return props.malformedLineRate() > 0 && unit("bad-line", fileId, record) < props.malformedLineRate();
    }

    public boolean concatenated(String fileId, int record) {
        return props.concatenatedLineRate() > 0 && unit("concat", fileId, record) < props.concatenatedLineRate();
    }

    public boolean duplicated(String fileId) {
        return props.duplicateRate() > 0 && unit("duplicate", fileId, 0) < props.duplicateRate();
    }

    public boolean redelivered(String fileId) {
        return props.redeliveryRate() > 0 && unit("redelivery", fileId, 0) < props.redeliveryRate();
    }

    public boolean dataFaults() {
        return props.malformedLineRate() > 0 || props.concatenatedLineRate() > 0;
    }

    // ------------------------------------------------------------------ first time only

    /** The signed URL of this blob answers 410 (only the first time it is asked for). */
    public boolean expireUrl(String blobPath) {
        return props.expiredUrlRate() > 0 && unit("expired-url", blobPath, 0) < props.expiredUrlRate()
                && firstTime("410|" + blobPath, "expiredUrls");
    }

    /** The download of this log file is corrupted (only the first time). */
    public boolean corruptDownload(String blobPath) {
        return props.shaMismatchRate() > 0 && unit("sha", blobPath, 0) < props.shaMismatchRate()
                && firstTime("sha|" + blobPath, "shaMismatches");
    }

    /** This listing page is served as broken JSON (only the first time this query is asked). */
    public boolean breakPage(String workspace, String eventType, String after) {
        String key = workspace + "/" + eventType + "/" + after;
        if (props.malformedPageRate() > 0 && unit("page", eventType + "|" + after, 0) < props.malformedPageRate()
                && firstTime("page|" + key, "malformedPages")) {
            malformedPages.add(key);
            return true;
        }
        return false;
    }

    private boolean firstTime(String key, String counter) {
        if (brokenOnce.add(key)) {
            count(counter);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ ground truth

    public void count(String what) {
        injected.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** Faults injected so far, by kind. */
    public Map<String, Long> injected() {
        Map<String, Long> m = new TreeMap<>();
        injected.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Listing pages served broken, as {@code workspace/eventType/after}. */
    public Set<String> malformedPages() {
        return Set.copyOf(malformedPages);
    }

    // ------------------------------------------------------------------ hashing

    /** A uniform number in [0, 1) for (seed, kind, key, n). */
    double unit(String kind, String key, long n) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ hash(kind));
        h = mix(h ^ hash(key));
        h = mix(h ^ n);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long hash(String s) {
        long h = 1125899906842597L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    /** The MurmurHash3 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

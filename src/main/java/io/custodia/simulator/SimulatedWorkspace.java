package io.custodia.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One simulated ChatGPT Enterprise workspace: a pure function of its seed, its origin and the clock.
 * Conversation {@code c} starts at {@code origin + (c + ½) · spacing}; its turns, ids, texts and files
 * come from a random generator seeded with {@code (seed, c)}, so any window of time can be produced
 * again, byte for byte, without keeping state.
 */
final class SimulatedWorkspace {

    static final List<String> CLIENT_TYPES = List.of(
            "desktop_web", "desktop_web", "desktop_web", "desktop_web", "desktop_web",
            "macos_app", "macos_app", "windows_app", "ios", "android", "mobile_web");
    static final List<String> MODELS = List.of("gpt-5", "gpt-5", "gpt-5-thinking", "gpt-4o", "o3");
    static final int MAX_TURNS = 5;
    static final long MAX_TURN_GAP_MICROS = 120_000_000L;
    static final long MAX_RESPONSE_DELAY_MICROS = 30_000_000L;
    /** No conversation lasts longer than this, which bounds the conversations a window can touch. */
    static final long MAX_SPAN_MICROS = MAX_TURNS * MAX_TURN_GAP_MICROS + MAX_RESPONSE_DELAY_MICROS;
    static final long MAX_AUTH_LEAD_MICROS = 360_000_000L;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] FIRST = {"Alex", "Blair", "Casey", "Dana", "Eli", "Farah", "Gus", "Hana", "Ivan",
        "Jules", "Kemi", "Luis", "Mina", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Viktor",
        "Wen", "Xenia", "Yusuf", "Zoe"};
    private static final String[] LAST = {"Abara", "Berg", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta",
        "Haddad", "Ito", "Jensen", "Kowalski", "Laurent", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe",
        "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zhou"};

    private final SimulatorProperties.Workspace config;
    private final Instant origin;
    private final long originMicros;
    private final long spacingMicros;
    private final long intervalMicros;
    private final Supplier<Instant> clock;
    private final SampleFileLibrary samples;
    private final List<SimUser> users;
    private final String domain;

    SimulatedWorkspace(SimulatorProperties.Workspace config, Instant origin, Duration logFileInterval,
                       Supplier<Instant> clock, SampleFileLibrary samples) {
        this.config = config;
        this.origin = origin.truncatedTo(ChronoUnit.SECONDS);
        this.originMicros = micros(this.origin);
        // average turns (MAX_TURNS + 1) / 2, two messages per turn
        double messagesPerConversation = (MAX_TURNS + 1);
        this.spacingMicros = Math.max(1, Math.round(messagesPerConversation * 60_000_000d / config.messagesPerMinute()));
        this.intervalMicros = logFileInterval.toNanos() / 1000;
        this.clock = clock;
        this.samples = samples;
        SplittableRandom r = new SplittableRandom(mix(config.seed() ^ 0x5EED5EEDL));
        this.domain = ContentGenerator.pick(r, new String[]{"acme-corp.com", "globex.io", "initech.example.com",
            "umbrella-health.org", "stark-industries.net"});
        this.users = buildUsers(r);
    }

    String id() {
        return config.id();
    }

    String apiKey() {
        return config.apiKey();
    }

    Instant origin() {
        return origin;
    }

    Instant now() {
        return clock.get();
    }

    long intervalMicros() {
        return intervalMicros;
    }

    long originMicros() {
        return originMicros;
    }

    List<SimUser> users() {
        return users;
    }

    SimUser user(int index) {
        return users.get(index);
    }

    SampleFileLibrary samples() {
        return samples;
    }

    /** The end of the last log-file window that has closed: what the Logs Platform has published. */
    Instant horizon() {
        long now = micros(now());
        if (now <= originMicros) {
            return origin;
        }
        long windows = (now - originMicros) / intervalMicros;
        return instant(originMicros + windows * intervalMicros);
    }

    private List<SimUser> buildUsers(SplittableRandom r) {
        List<SimUser> list = new ArrayList<>();
        for (int i = 0; i < config.users(); i++) {
            String first = FIRST[(i + r.nextInt(FIRST.length)) % FIRST.length];
            String last = LAST[r.nextInt(LAST.length)];
            String role = i == 0 ? "account-owner" : i == 1 ? "account-admin" : "standard-user";
            String id = "user-" + ContentGenerator.randomChars(r, BASE62, 24);
            String email = (first + "." + last + (i >= FIRST.length ? i : "")).toLowerCase() + "@" + domain;
            Instant created = origin.minus(Duration.ofDays(30 + r.nextInt(400))).plusMillis(r.nextInt(86_400_000));
            list.add(new SimUser(id, email, first + " " + last, role, "active", created));
        }
        list.sort(Comparator.comparing(SimUser::id));
        return List.copyOf(list);
    }

    // ------------------------------------------------------------------ conversations

    long startMicros(long c) {
        return originMicros + c * spacingMicros + spacingMicros / 2;
    }

    /** Number of conversations whose first prompt is at or before {@code t}. */
    long conversationsStartedBy(Instant t) {
        long m = micros(t) - originMicros - spacingMicros / 2;
        return m < 0 ? 0 : m / spacingMicros + 1;
    }

    /** Index of the first conversation that can have an event after {@code t}. */
    long firstConversationTouching(long tMicros, long lead) {
        long m = tMicros - lead - originMicros - spacingMicros / 2;
        return m < 0 ? 0 : m / spacingMicros;
    }

    /**
     * Plans are a pure function of {@code c}, but every window of the Logs Platform looks at all the
     * conversations that may reach into it (up to {@link #MAX_SPAN_MICROS} back), so the same plan is asked
     * for many times in a row: recent ones are kept (bounded, a few MB), which keeps the simulator from
     * eating the CPU that benchmarks of the hub run on.
     */
    private final java.util.Map<Long, ConversationPlan> recentPlans = new java.util.LinkedHashMap<>(4096, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, ConversationPlan> eldest) {
            return size() > PLAN_CACHE;
        }
    };
    private static final int PLAN_CACHE = 16_384;

    ConversationPlan plan(long c) {
        synchronized (recentPlans) {
            ConversationPlan cached = recentPlans.get(c);
            if (cached != null) {
                return cached;
            }
        }
        ConversationPlan plan = computePlan(c);
        synchronized (recentPlans) {
            recentPlans.put(c, plan);
        }
        return plan;
    }

    private ConversationPlan computePlan(long c) {
        SplittableRandom r = random(c, 0);
        String id = uuid(r);
        // skewed activity: a few users write most conversations, as in a real workspace
        int userIndex = (int) Math.min(users.size() - 1, Math.floor(users.size() * Math.pow(r.nextDouble(), 1.6)));
        Instant start = instant(startMicros(c));
        String topic = ContentGenerator.topic(r);
        String title = ContentGenerator.title(r);
        String clientType = CLIENT_TYPES.get(r.nextInt(CLIENT_TYPES.size()));
        String model = MODELS.get(r.nextInt(MODELS.size()));
        String gptId = null;
        String gptName = null;
        String projectId = null;
        String projectName = null;
        double g = r.nextDouble();
        if (g < 0.10) {
            int n = r.nextInt(6);
            gptId = "g-" + ContentGenerator.randomChars(new SplittableRandom(mix(config.seed() * 31 + n)), BASE62, 9);
            gptName = new String[]{"Contract Reviewer", "Brand Voice", "SQL Helper", "HR Policy Bot", "Deal Desk",
                "Release Scribe"}[n];
        } else if (g < 0.20) {
            int n = r.nextInt(4);
            projectId = "g-p-" + ContentGenerator.randomChars(new SplittableRandom(mix(config.seed() * 37 + 1000 + n)), BASE62, 32);
            projectName = new String[]{"Q3 Planning", "Customer Research", "Migration 2026", "Audit Prep"}[n];
        }
        boolean temporary = r.nextDouble() < 0.03;
        int turnCount = 1 + r.nextInt(MAX_TURNS);
        List<ConversationPlan.Turn> turns = new ArrayList<>(turnCount);
        long t = startMicros(c);
        for (int k = 0; k < turnCount; k++) {
            if (k > 0) {
                t += 20_000_000L + r.nextLong(MAX_TURN_GAP_MICROS - 20_000_000L);
            }
            long response = t + 2_000_000L + r.nextLong(MAX_RESPONSE_DELAY_MICROS - 2_000_000L);
            ConversationPlan.SimFile file = null;
            if (samples.size() > 0 && r.nextDouble() < config.fileRate()) {
                int sample = r.nextInt(samples.size());
                String fileId = "file-" + base62(c, 8) + BASE62.charAt(k) + ContentGenerator.randomChars(r, BASE62, 13);
                file = new ConversationPlan.SimFile(fileId, sample, samples.get(sample).name());
            }
            String planted = r.nextDouble() < config.sensitiveRate()
                    ? ContentGenerator.PLANTED_TYPES.get(r.nextInt(ContentGenerator.PLANTED_TYPES.size()))
                    : null;
            turns.add(new ConversationPlan.Turn(k, uuid(r), uuid(r), uuid(r), uuid(r),
                    instant(t), instant(response), file, planted));
            t = response;
        }
        List<ConversationPlan.AuthEvent> auth = new ArrayList<>(2);
        if (r.nextDouble() < config.authEventRate()) {
            long at = startMicros(c) - 30_000_000L - r.nextLong(270_000_000L);
            if (r.nextDouble() < 0.08) {
                addAuth(auth, uuid(r), at - 20_000_000L, "login_failed");
            }
            addAuth(auth, uuid(r), at, "login_success");
        }
        return new ConversationPlan(c, id, userIndex, start, title, topic, clientType, model, gptId, gptName,
                projectId, projectName, temporary, List.copyOf(turns), List.copyOf(auth));
    }

    private void addAuth(List<ConversationPlan.AuthEvent> auth, String id, long at, String action) {
        if (at > originMicros) { // nothing exists before the workspace's origin
            auth.add(new ConversationPlan.AuthEvent(id, instant(at), action));
        }
    }

    /** Random generator for the texts of turn {@code k} of conversation {@code c} (0 = plan). */
    SplittableRandom random(long c, int stream) {
        // hash the coordinates: seeds that differ by SplittableRandom's own increment would give
        // sequences shifted by one value (the same ids in neighbouring conversations)
        return new SplittableRandom(mix(mix(mix(config.seed()) ^ c) + stream));
    }

    /** The MurmurHash3 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Resolves a file id back to its conversation and turn (ids encode them; the rest must match). */
    ConversationPlan.SimFile findFile(String fileId, String[] userOut) {
        if (fileId == null || fileId.length() != 27 || !fileId.startsWith("file-")) {
            return null;
        }
        long c = unbase62(fileId.substring(5, 13));
        int k = BASE62.indexOf(fileId.charAt(13));
        if (c < 0 || k < 0 || k >= MAX_TURNS) {
            return null;
        }
        ConversationPlan plan = plan(c);
        if (k >= plan.turns().size()) {
            return null;
        }
        ConversationPlan.Turn turn = plan.turns().get(k);
        if (turn.file() == null || !turn.file().id().equals(fileId) || turn.promptAt().isAfter(now())) {
            return null;
        }
        if (userOut != null) {
            userOut[0] = user(plan.userIndex()).id();
        }
        return turn.file();
    }

    // ------------------------------------------------------------------ helpers

    static String uuid(SplittableRandom r) {
        long msb = (r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    static String base62(long v, int width) {
        char[] c = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            c[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(c);
    }

    static long unbase62(String s) {
        long v = 0;
        for (char ch : s.toCharArray()) {
            int d = BASE62.indexOf(ch);
            if (d < 0) {
                return -1;
            }
            v = v * 62 + d;
        }
        return v;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}

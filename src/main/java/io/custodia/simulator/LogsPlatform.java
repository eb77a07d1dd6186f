package io.custodia.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.custodia.simulator.faults.FaultPlan;
import io.custodia.simulator.faults.FaultProperties;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Compliance Logs Platform of one simulated workspace: immutable JSONL files per event type, one per
 * closed window of {@code log-file-interval}, listed with {@code after}/{@code limit} and downloaded by id.
 * Windows without events have no file, as on the real platform.
 */
final class LogsPlatform {

    /** Every event type, in the order of the two-digit type code in file ids (new types go at the end). */
    static final List<String> EVENT_TYPES = List.of("CONVERSATION_MESSAGE", "AUTH_LOG", "AUDIT_LOG", "APP_LOG",
            "APP_AUTH_LOG", "CODEX_LOG", "CODEX_SECURITY_LOG", "CUSTOM_AGENTS_LOG");
    /**
     * Event types the organization path ({@code /compliance/organizations/{org}/logs}) serves; it rejects the
     * workspace-scoped ones by name with a 422 (reference §2, §4.3).
     */
    static final List<String> ORGANIZATION_EVENT_TYPES = List.of("CODEX_LOG", "CODEX_SECURITY_LOG");
    static final Duration RETENTION = Duration.ofDays(30);
    static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Listing entry of a log file. */
    record LogFile(String id, String eventType, long window, Instant endTime, String fileName, long size,
                   String sha256) {
    }

    /** A page of {@link #list}. */
    record Page(List<LogFile> files, boolean hasMore) {
    }

    private record Digest(long size, String sha256) {
    }

    /** A record the simulator served as a torn, non-JSON line (fault injection), 1-based line number. */
    record MalformedLine(String fileId, int line, String eventId) {
    }

    /** A rendered file body and the faults it carries. */
    record Rendered(byte[] body, List<MalformedLine> malformed, int concatenated) {
    }

    private final SimulatedWorkspace ws;
    private final JsonMapper json;
    private final FaultPlan faults;
    private final Map<String, Digest> digests = new ConcurrentHashMap<>();
    private final Map<String, Rendered> faultsByFile = new ConcurrentHashMap<>();
    /**
     * Bodies rendered for a listing's digests, kept for the downloads that follow (bounded: a page of
     * listing plus some); saves rendering every file twice.
     */
    private final Map<String, byte[]> recentBodies = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > RECENT_BODIES;
        }
    };
    private static final int RECENT_BODIES = 128;
    /**
     * Bodies rendered ahead of serving ({@link #prerender}), by file id; when {@code prerendered} is set it holds
     * every file up to the horizon, and listings, look-ups and downloads read from it.
     */
    private final Map<String, Path> rendered = new ConcurrentHashMap<>();
    private volatile boolean prerendered;

    LogsPlatform(SimulatedWorkspace ws, JsonMapper json) {
        this(ws, json, new FaultPlan(FaultProperties.NONE, 0));
    }

    LogsPlatform(SimulatedWorkspace ws, JsonMapper json, FaultPlan faults) {
        this.ws = ws;
        this.json = json;
        this.faults = faults;
    }

    // ------------------------------------------------------------------ listing

    Page list(String eventType, Instant after, Instant before, int limit) {
        long interval = ws.intervalMicros();
        long origin = ws.originMicros();
        long horizon = SimulatedWorkspace.micros(ws.horizon());
        long windows = (horizon - origin) / interval;
        long oldest = SimulatedWorkspace.micros(ws.now().minus(RETENTION));
        long w = Math.max(0, Math.floorDiv(SimulatedWorkspace.micros(after) - origin, interval));
        long firstRetained = Math.max(0, Math.floorDiv(oldest - origin, interval));
        w = Math.max(w, firstRetained);
        long beforeMicros = before == null ? Long.MAX_VALUE : SimulatedWorkspace.micros(before);
        List<LogFile> files = new ArrayList<>();
        LogFile boundary = redeliveredBoundary(eventType, w, firstRetained);
        if (boundary != null) {
            files.add(boundary); // re-delivered: ends at or before `after`, listed again
        }
        for (; w < windows; w++) {
            long end = origin + (w + 1) * interval;
            if (end >= beforeMicros) {
                break;
            }
            if (end <= SimulatedWorkspace.micros(after)) {
                continue;
            }
            if (prerendered) {
                String id = fileId(eventType, w);
                if (rendered.containsKey(id)) {
                    if (files.size() >= limit) {
                        return new Page(files, true);
                    }
                    files.add(logFile(id, eventType, w, digests.get(id)));
                }
                continue;
            }
            List<SimEvent> events = events(eventType, w);
            if (events.isEmpty()) {
                continue;
            }
            if (files.size() >= limit) {
                return new Page(files, true);
            }
            LogFile file = describe(eventType, w, events);
            files.add(file);
            if (faults.duplicated(file.id())) {
                faults.count("duplicateListings");
                files.add(duplicate(eventType, w, events));
            }
        }
        return new Page(files, false);
    }

    /**
     * Fault injection: the last file before window {@code w} (the one a listing starting at its end_time
     * excludes), when the plan re-delivers it.
     */
    private LogFile redeliveredBoundary(String eventType, long w, long firstRetained) {
        if (faults.properties().redeliveryRate() <= 0) {
            return null;
        }
        for (long b = w - 1; b >= Math.max(firstRetained, w - 40); b--) {
            List<SimEvent> events = events(eventType, b);
            if (!events.isEmpty()) {
                String id = fileId(eventType, b);
                if (!faults.redelivered(id)) {
                    return null;
                }
                faults.count("redeliveredListings");
                return describe(eventType, b, events);
            }
        }
        return null;
    }

    /** Fault injection: the same records published again as a file of their own (a new id). */
    private LogFile duplicate(String eventType, long w, List<SimEvent> events) {
        String id = duplicateId(fileId(eventType, w));
        return logFile(id, eventType, w, digests.computeIfAbsent(id, k -> digest(render(events, id).body())));
    }

    /** Duplicate files (fault injection) carry this prefix instead of the original's four characters. */
    private static final String DUPLICATE_PREFIX = "cld_";

    static String duplicateId(String fileId) {
        return DUPLICATE_PREFIX + fileId.substring(4);
    }

    private LogFile describe(String eventType, long w, List<SimEvent> events) {
        String id = fileId(eventType, w);
        Digest d = digests.computeIfAbsent(id, k -> {
            byte[] body = render(events, id).body();
            synchronized (recentBodies) {
                recentBodies.put(k, body);
            }
            return digest(body);
        });
        return logFile(id, eventType, w, d);
    }

    /** The listing entry of a file (original or duplicate) of window {@code w} whose body has this digest. */
    private LogFile logFile(String id, String eventType, long w, Digest d) {
        Instant end = SimulatedWorkspace.instant(ws.originMicros() + (w + 1) * ws.intervalMicros());
        String name = eventType.toLowerCase() + "_" + SimulatedWorkspace.base62(w, 6) + ".jsonl";
        return new LogFile(id, eventType, w, end, id.startsWith(DUPLICATE_PREFIX) ? "dup_" + name : name, d.size(), d.sha256());
    }

    /** Listing entry for a file id, or null when no such file is published. */
    LogFile find(String fileId) {
        Object[] decoded = decode(fileId);
        if (decoded == null) {
            return null;
        }
        String type = (String) decoded[0];
        long w = (Long) decoded[1];
        long end = ws.originMicros() + (w + 1) * ws.intervalMicros();
        if (end > SimulatedWorkspace.micros(ws.horizon())) {
            return null;
        }
        Digest listed = digests.get(fileId);
        if (listed != null) {
            // described by a listing (published, not empty): the downloads that follow it (the API's 307, then
            // the signed URL) need not walk every conversation that may touch the window again
            return logFile(fileId, type, w, listed);
        }
        if (prerendered) {
            return null; // every published file has its digest
        }
        List<SimEvent> events = events(type, w);
        if (events.isEmpty()) {
            return null;
        }
        if (fileId.startsWith("cld_")) {
            return faults.duplicated(fileId(type, w)) ? duplicate(type, w, events) : null;
        }
        return describe(type, w, events);
    }

    /**
     * Freshness ({@code max_event_time}, reference §8): the time of the newest event of this type in a
     * published file, or null when the retained files hold none.
     */
    Instant maxEventTime(String eventType) {
        long interval = ws.intervalMicros();
        long origin = ws.originMicros();
        long windows = (SimulatedWorkspace.micros(ws.horizon()) - origin) / interval;
        long oldest = SimulatedWorkspace.micros(ws.now().minus(RETENTION));
        long firstRetained = Math.max(0, Math.floorDiv(oldest - origin, interval));
        // newest first, a block of windows at a time (one pass over the conversations per block)
        long block = Math.max(1, 3_600_000_000L / interval);
        for (long to = windows; to > firstRetained; to -= block) {
            long from = Math.max(firstRetained, to - block);
            List<SimEvent> events = eventsBetween(eventType, origin + from * interval, origin + to * interval);
            if (!events.isEmpty()) {
                return events.get(events.size() - 1).at();
            }
        }
        return null;
    }

    byte[] body(LogFile file) {
        Path path = rendered.get(file.id());
        if (path != null) {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        synchronized (recentBodies) {
            byte[] body = recentBodies.remove(file.id());
            if (body != null) {
                return body;
            }
        }
        return render(events(file.eventType(), file.window()), file.id()).body();
    }

    /** The pre-rendered body of this file on disk ({@link #prerender}), or null. */
    Path renderedBody(String fileId) {
        return rendered.get(fileId);
    }

    /**
     * Renders and hashes every file published up to the horizon of a fixed history into {@code dir}, ahead of
     * serving: the ingest bench's "simulator pre-filled with N messages". The API's cost of producing its files
     * is not the hub's, yet an in-process simulator rendering on demand would take that CPU from the hub on the
     * same cores. Listings, look-ups and downloads then serve what was rendered (same ids, bytes and digests as
     * on demand). Only for a history without data faults (torn, concatenated, duplicated or re-delivered
     * records are rendered per request); windows are rendered in parallel (common pool).
     */
    Simulator.Prerendered prerender(Path dir) {
        if (faults.dataFaults() || faults.properties().duplicateRate() > 0 || faults.properties().redeliveryRate() > 0) {
            throw new IllegalStateException("log files with injected data faults cannot be pre-rendered");
        }
        long interval = ws.intervalMicros();
        long windows = (SimulatedWorkspace.micros(ws.horizon()) - ws.originMicros()) / interval;
        long firstRetained = Math.max(0, Math.floorDiv(SimulatedWorkspace.micros(ws.now().minus(RETENTION))
                - ws.originMicros(), interval));
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String type : EVENT_TYPES) {
            LongStream.range(firstRetained, windows).parallel().forEach(w -> {
                List<SimEvent> events = events(type, w);
                if (events.isEmpty()) {
                    return;
                }
                String id = fileId(type, w);
                byte[] body = render(events, id).body();
                Path path = dir.resolve(id + ".jsonl");
                try {
                    Files.write(path, body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                digests.put(id, digest(body));
                rendered.put(id, path);
                files.incrementAndGet();
                bytes.addAndGet(body.length);
            });
        }
        prerendered = true;
        return new Simulator.Prerendered(files.get(), bytes.get());
    }

    /**
     * Fault injection, for the ground truth: the torn lines of every file published up to the horizon
     * (originals and duplicates), and how many lines carry two records.
     */
    Rendered faultsUpToHorizon() {
        List<MalformedLine> malformed = new ArrayList<>();
        int concatenated = 0;
        if (!faults.dataFaults()) {
            return new Rendered(new byte[0], malformed, 0);
        }
        long windows = (SimulatedWorkspace.micros(ws.horizon()) - ws.originMicros()) / ws.intervalMicros();
        long firstRetained = Math.max(0, Math.floorDiv(SimulatedWorkspace.micros(ws.now().minus(RETENTION))
                - ws.originMicros(), ws.intervalMicros()));
        for (String type : EVENT_TYPES) {
            for (long w = firstRetained; w < windows; w++) {
                String id = fileId(type, w);
                for (String fid : faults.duplicated(id) ? List.of(id, duplicateId(id)) : List.of(id)) {
                    long window = w;
                    Rendered r = faultsByFile.computeIfAbsent(fid, k -> {
                        List<SimEvent> events = events(type, window);
                        Rendered full = render(events, fid);
                        return new Rendered(new byte[0], full.malformed(), full.concatenated());
                    });
                    malformed.addAll(r.malformed());
                    concatenated += r.concatenated();
                }
            }
        }
        return new Rendered(new byte[0], malformed, concatenated);
    }

    static String fileId(String eventType, long window) {
        return "clf_" + String.format("%02d", EVENT_TYPES.indexOf(eventType)) + SimulatedWorkspace.base62(window, 8);
    }

    private static Object[] decode(String fileId) {
        if (fileId == null || fileId.length() != 14 || !(fileId.startsWith("clf_") || fileId.startsWith("cld_"))) {
            return null;
        }
        int t;
        try {
            t = Integer.parseInt(fileId.substring(4, 6));
        } catch (NumberFormatException e) {
            return null;
        }
        long w = SimulatedWorkspace.unbase62(fileId.substring(6));
        if (t < 0 || t >= EVENT_TYPES.size() || w < 0) {
            return null;
        }
        return new Object[]{EVENT_TYPES.get(t), w};
    }

    // ------------------------------------------------------------------ events

    /** Events of one type in window {@code w}: timestamps in (start, end], ordered by time. */
    List<SimEvent> events(String eventType, long w) {
        long from = ws.originMicros() + w * ws.intervalMicros();
        long to = from + ws.intervalMicros();
        return eventsBetween(eventType, from, to);
    }

    List<SimEvent> eventsBetween(String eventType, long fromExclusive, long toInclusive) {
        boolean messages = "CONVERSATION_MESSAGE".equals(eventType);
        boolean activity = ActivityEvents.generates(eventType);
        // messages and activity events lie inside their conversation's span, sign-ins before it
        long lead = messages || activity ? SimulatedWorkspace.MAX_SPAN_MICROS : 0;
        long c = ws.firstConversationTouching(fromExclusive, lead);
        List<SimEvent> out = new ArrayList<>();
        long authLead = messages || activity ? 0 : SimulatedWorkspace.MAX_AUTH_LEAD_MICROS;
        for (; ws.startMicros(c) - authLead <= toInclusive; c++) {
            ConversationPlan plan = ws.plan(c);
            if (activity) {
                for (ActivityEvents.Activity a : ActivityEvents.of(ws, plan)) {
                    long m = SimulatedWorkspace.micros(a.at());
                    if (a.type().equals(eventType) && m > fromExclusive && m <= toInclusive) {
                        out.add(new SimEvent(a.at(), a.eventId(), eventType, plan, -1, false, null, a));
                    }
                }
            } else if (messages) {
                for (ConversationPlan.Turn turn : plan.turns()) {
                    add(out, fromExclusive, toInclusive, turn.promptAt(), turn.promptEventId(), eventType, plan, turn.index(), true, null);
                    add(out, fromExclusive, toInclusive, turn.responseAt(), turn.responseEventId(), eventType, plan, turn.index(), false, null);
                }
            } else {
                for (ConversationPlan.AuthEvent a : plan.authEvents()) {
                    add(out, fromExclusive, toInclusive, a.at(), a.eventId(), eventType, plan, -1, false, a);
                }
            }
        }
        out.sort(Comparator.comparing(SimEvent::at).thenComparing(SimEvent::eventId));
        return out;
    }

    private static void add(List<SimEvent> out, long from, long to, Instant at, String eventId, String type,
                            ConversationPlan plan, int turn, boolean prompt, ConversationPlan.AuthEvent auth) {
        long m = SimulatedWorkspace.micros(at);
        if (m > from && m <= to) {
            out.add(new SimEvent(at, eventId, type, plan, turn, prompt, auth));
        }
    }

    // ------------------------------------------------------------------ rendering

    byte[] render(List<SimEvent> events) {
        return render(events, null).body();
    }

    /**
     * The JSONL body of a file. With fault injection on, some records are preceded by a torn copy of
     * themselves (not JSON) and some share their line with the next record; the records are all there.
     */
    Rendered render(List<SimEvent> events, String fileId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 900);
        List<MalformedLine> malformed = new ArrayList<>();
        int concatenated = 0;
        int line = 0;
        for (int i = 0; i < events.size(); i++) {
            byte[] record = json.writeValueAsBytes(record(events.get(i)));
            if (fileId != null && faults.malformedLine(fileId, i)) {
                out.write(record, 0, tornLength(record));
                out.write('\n');
                malformed.add(new MalformedLine(fileId, ++line, events.get(i).eventId()));
            }
            out.writeBytes(record);
            if (fileId != null && i + 1 < events.size() && faults.concatenated(fileId, i)
                    && !faults.malformedLine(fileId, i + 1)) {
                out.writeBytes(json.writeValueAsBytes(record(events.get(++i))));
                concatenated++;
            }
            out.write('\n');
            line++;
        }
        return new Rendered(out.toByteArray(), malformed, concatenated);
    }

    /** About half the record, cut before an ASCII byte (never inside a UTF-8 sequence). */
    private static int tornLength(byte[] record) {
        int n = record.length / 2;
        while (n > 1 && (record[n] & 0x80) != 0) {
            n--;
        }
        return n;
    }

    ObjectNode record(SimEvent e) {
        if (e.activity() != null) {
            return ActivityEvents.render(ws, json, e);
        }
        ConversationPlan plan = e.plan();
        SimUser user = ws.user(plan.userIndex());
        ObjectNode n = json.createObjectNode();
        n.put("event_id", e.eventId());
        n.put("type", e.type());
        n.put("timestamp", ISO_MICROS.format(e.at()));
        n.putObject("principal").put("id", ws.id()).put("type", "CHATGPT_WORKSPACE");
        n.putObject("actor").put("type", "ACCOUNT_USER").put("user_id", user.id()).put("user_email", user.email());
        if (e.auth() != null) {
            SplittableRandom r = ws.random(plan.index(), 900);
            ObjectNode meta = n.putObject("request_metadata");
            meta.put("client_ip", "198.51.100." + (1 + r.nextInt(250)));
            meta.putObject("client_ip_details").put("country", "US").put("city", "Denver").put("region", "Colorado")
                    .put("region_code", "CO").put("asn", 7922);
            meta.put("client_user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15");
            n.putObject("action_data").put("action", e.auth().action()).put("role", user.role());
            return n;
        }
        ConversationPlan.Turn turn = plan.turns().get(e.turn());
        ConversationPlan.Turn previous = e.turn() > 0 ? plan.turns().get(e.turn() - 1) : null;
        String messageId = e.prompt() ? turn.promptId() : turn.responseId();
        String parentId = e.prompt() ? (previous == null ? null : previous.responseId()) : turn.promptId();
        n.put("previous_message_id", parentId);
        ObjectNode message = n.putObject("message");
        message.put("id", messageId);
        message.put("created_at", ISO_MICROS.format(e.at()));
        message.put("parent_id", parentId);
        ObjectNode author = message.putObject("author");
        author.put("type", e.prompt() ? "user" : "assistant");
        author.put("client_type", plan.clientType());
        if (!e.prompt()) {
            author.put("model", plan.model());
            author.putArray("tools_used");
        }
        ObjectNode content = message.putObject("content");
        content.put("type", "text");
        content.put("value", text(plan, turn, e.prompt()));
        content.putArray("annotations");
        if (e.prompt() && turn.file() != null) {
            SampleFileLibrary.Sample sample = ws.samples().get(turn.file().sampleIndex());
            ArrayNode files = message.putArray("files");
            files.addObject().put("id", turn.file().id()).put("name", turn.file().name())
                    .put("mime_type", sample.contentType()).put("size_bytes", sample.bytes().length);
        }
        ObjectNode conversation = n.putObject("conversation");
        conversation.put("id", plan.id());
        conversation.put("title", plan.title());
        conversation.put("created_at", ISO_MICROS.format(plan.start()));
        conversation.put("is_pinned", false);
        conversation.put("is_temporary_chat", plan.temporary());
        if (plan.gptId() != null) {
            conversation.put("gpt_id", plan.gptId()).put("gpt_name", plan.gptName());
        }
        if (plan.projectId() != null) {
            conversation.put("project_id", plan.projectId()).put("project_name", plan.projectName());
        }
        return n;
    }

    /** The text of a prompt or a response, generated from its own random stream. */
    String text(ConversationPlan plan, ConversationPlan.Turn turn, boolean prompt) {
        SplittableRandom r = ws.random(plan.index(), 1 + turn.index() * 2 + (prompt ? 0 : 1));
        if (!prompt) {
            return ContentGenerator.response(r);
        }
        String text = ContentGenerator.prompt(r, plan.topic());
        if (turn.file() != null) {
            text += " The details are in the attached " + turn.file().name() + ".";
        }
        if (turn.plantedType() != null) {
            text += " " + ContentGenerator.planted(r, turn.plantedType());
        }
        return text;
    }

    private static Digest digest(byte[] body) {
        return new Digest(body.length, sha256Hex(body));
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

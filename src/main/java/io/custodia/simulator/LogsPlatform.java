package io.custodia.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Compliance Logs Platform of one simulated workspace: immutable JSONL files per event type, one per
 * closed window of {@code log-file-interval}, listed with {@code after}/{@code limit} and downloaded by id.
 * Windows without events have no file, as on the real platform.
 */
final class LogsPlatform {

    static final List<String> EVENT_TYPES = List.of("CONVERSATION_MESSAGE", "AUTH_LOG");
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

    private final SimulatedWorkspace ws;
    private final JsonMapper json;
    private final Map<String, Digest> digests = new ConcurrentHashMap<>();
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

    LogsPlatform(SimulatedWorkspace ws, JsonMapper json) {
        this.ws = ws;
        this.json = json;
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
        for (; w < windows; w++) {
            long end = origin + (w + 1) * interval;
            if (end >= beforeMicros) {
                break;
            }
            if (end <= SimulatedWorkspace.micros(after)) {
                continue;
            }
            List<SimEvent> events = events(eventType, w);
            if (events.isEmpty()) {
                continue;
            }
            if (files.size() == limit) {
                return new Page(files, true);
            }
            files.add(describe(eventType, w, events));
        }
        return new Page(files, false);
    }

    private LogFile describe(String eventType, long w, List<SimEvent> events) {
        String id = fileId(eventType, w);
        Digest d = digests.computeIfAbsent(id, k -> {
            byte[] body = render(events);
            synchronized (recentBodies) {
                recentBodies.put(k, body);
            }
            return digest(body);
        });
        Instant end = SimulatedWorkspace.instant(ws.originMicros() + (w + 1) * ws.intervalMicros());
        return new LogFile(id, eventType, w, end,
                eventType.toLowerCase() + "_" + SimulatedWorkspace.base62(w, 6) + ".jsonl", d.size(), d.sha256());
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
        List<SimEvent> events = events(type, w);
        return events.isEmpty() ? null : describe(type, w, events);
    }

    byte[] body(LogFile file) {
        synchronized (recentBodies) {
            byte[] body = recentBodies.remove(file.id());
            if (body != null) {
                return body;
            }
        }
        return render(events(file.eventType(), file.window()));
    }

    static String fileId(String eventType, long window) {
        return "clf_" + String.format("%02d", EVENT_TYPES.indexOf(eventType)) + SimulatedWorkspace.base62(window, 8);
    }

    private static Object[] decode(String fileId) {
        if (fileId == null || fileId.length() != 14 || !fileId.startsWith("clf_")) {
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
        long lead = messages ? SimulatedWorkspace.MAX_SPAN_MICROS : 0;
        long c = ws.firstConversationTouching(fromExclusive, lead);
        List<SimEvent> out = new ArrayList<>();
        long authLead = messages ? 0 : SimulatedWorkspace.MAX_AUTH_LEAD_MICROS;
        for (; ws.startMicros(c) - authLead <= toInclusive; c++) {
            ConversationPlan plan = ws.plan(c);
            if (messages) {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 900);
        for (SimEvent e : events) {
            out.writeBytes(json.writeValueAsBytes(record(e)));
            out.write('\n');
        }
        return out.toByteArray();
    }

    ObjectNode record(SimEvent e) {
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

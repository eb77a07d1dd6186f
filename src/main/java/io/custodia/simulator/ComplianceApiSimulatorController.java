package io.custodia.simulator;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated {@code https://api.chatgpt.com/v1} under {@code /sim/v1}: same paths, parameters,
 * envelopes and quirks as {@code reference/compliance-api.md} (bearer key per workspace, 307 to
 * short-lived signed URLs, {@code after} required on {@code /logs}, empty pages with
 * {@code last_end_time: null}).
 */
@RestController
@RequestMapping("/sim/v1/compliance/workspaces/{ws}")
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class ComplianceApiSimulatorController {

    private final Simulator simulator;
    private final SignedUrls signedUrls;
    private final JsonMapper json;

    ComplianceApiSimulatorController(Simulator simulator, SignedUrls signedUrls, JsonMapper json) {
        this.simulator = simulator;
        this.signedUrls = signedUrls;
        this.json = json;
    }

    // ------------------------------------------------------------------ users

    @GetMapping(value = "/users", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> users(@PathVariable String ws, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                            @RequestParam(required = false) String after,
                            @RequestParam(defaultValue = "200") int limit) {
        Simulator.Hosted h = authorize(ws, auth);
        if (h == null) {
            return denied(ws, auth);
        }
        h.requests().count("users");
        limit = Math.max(1, Math.min(limit, 200));
        List<SimUser> users = UserDirectory.at(h.workspace(), h.workspace().now()); // joiners, leavers, role changes
        ObjectNode page = json.createObjectNode();
        page.put("object", "list");
        ArrayNode data = page.putArray("data");
        int count = 0;
        boolean more = false;
        String last = null;
        for (SimUser u : users) {
            if (after != null && u.id().compareTo(after) <= 0) {
                continue;
            }
            if (count == limit) {
                more = true;
                break;
            }
            data.addObject().put("object", "compliance.workspace.user").put("id", u.id()).put("email", u.email())
                    .put("name", u.name()).put("created_at", seconds(u.createdAt())).put("role", u.role())
                    .put("status", u.status());
            last = u.id();
            count++;
        }
        page.put("has_more", more);
        page.put("last_id", last);
        return ResponseEntity.ok(page);
    }

    // ------------------------------------------------------------------ Logs Platform

    @GetMapping(value = "/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> logs(@PathVariable String ws, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                           @RequestParam(name = "event_type", required = false) String eventType,
                           @RequestParam(required = false) String after,
                           @RequestParam(required = false) String before,
                           @RequestParam(defaultValue = "100") int limit) {
        Simulator.Hosted h = authorize(ws, auth);
        if (h == null) {
            return denied(ws, auth);
        }
        if (eventType == null || !LogsPlatform.EVENT_TYPES.contains(eventType)) {
            return validation("event_type", eventType == null ? "field required"
                    : "value is not a valid enumeration member; permitted: " + LogsPlatform.EVENT_TYPES);
        }
        if (after == null) {
            return validation("after", "field required");
        }
        Instant afterTime;
        Instant beforeTime = null;
        try {
            afterTime = Instant.parse(after);
            if (before != null) {
                beforeTime = Instant.parse(before);
            }
        } catch (DateTimeParseException e) {
            return validation(after == null ? "before" : "after", "invalid datetime format; expected ISO 8601 with timezone");
        }
        if (limit < 1 || limit > 1000) {
            return validation("limit", "ensure this value is between 1 and 1000");
        }
        h.requests().count("logs.list");
        LogsPlatform.Page page = h.logs().list(eventType, afterTime, beforeTime, limit);
        if (simulator.faults().breakPage(ws, eventType, after)) {
            // fault injection: the page is cut off mid-way, as by a proxy that dropped the connection
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body("{\"object\":\"list\",\"data\":[{\"id\":\"" + (page.files().isEmpty() ? "" : page.files().get(0).id()) + "\",\"event_");
        }
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (LogsPlatform.LogFile f : page.files()) {
            data.addObject().put("id", f.id()).put("event_type", f.eventType())
                    .put("end_time", LogsPlatform.ISO_SECONDS.format(f.endTime())).put("file_name", f.fileName())
                    .put("file_size", f.size()).put("file_sha256", f.sha256());
        }
        body.put("has_more", page.hasMore());
        if (page.files().isEmpty()) {
            body.putNull("last_end_time");
        } else {
            body.put("last_end_time", LogsPlatform.ISO_SECONDS.format(page.files().get(page.files().size() - 1).endTime()));
        }
        return ResponseEntity.ok(body);
    }

    @GetMapping("/logs/{fileId}")
    ResponseEntity<?> logFile(@PathVariable String ws, @PathVariable String fileId,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Simulator.Hosted h = authorize(ws, auth);
        if (h == null) {
            return denied(ws, auth);
        }
        h.requests().count("logs.get");
        String blob = SimulatorResponses.logFileBlob(h, fileId);
        if (blob == null) {
            return error(HttpStatus.NOT_FOUND, "Log file " + fileId + " not found");
        }
        return redirect(blob);
    }

    // ------------------------------------------------------------------ files

    @GetMapping("/users/{userId}/files/{fileId}")
    ResponseEntity<?> userFile(@PathVariable String ws, @PathVariable String userId, @PathVariable String fileId,
                               @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Simulator.Hosted h = authorize(ws, auth);
        if (h == null) {
            return denied(ws, auth);
        }
        h.requests().count("files.get");
        String blob = SimulatorResponses.userFileBlob(h, userId, fileId);
        if (blob == null) {
            return error(HttpStatus.NOT_FOUND, "File " + fileId + " not found for user " + userId);
        }
        return redirect(blob);
    }

    // ------------------------------------------------------------------ legacy conversations

    @GetMapping(value = "/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> conversations(@PathVariable String ws,
                                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                    @RequestParam(name = "since_timestamp", required = false) Long since,
                                    @RequestParam(required = false) String after,
                                    @RequestParam(defaultValue = "500") int limit,
                                    @RequestParam(name = "file_format", defaultValue = "url") String fileFormat) {
        Simulator.Hosted h = authorize(ws, auth);
        if (h == null) {
            return denied(ws, auth);
        }
        if (since != null && after != null) {
            return error(HttpStatus.BAD_REQUEST, "since_timestamp and after cannot be used together");
        }
        if (!fileFormat.equals("url") && !fileFormat.equals("id")) {
            return error(HttpStatus.BAD_REQUEST, "file_format must be 'url' or 'id'");
        }
        h.requests().count("conversations.list");
        limit = Math.max(1, Math.min(limit, 500));
        SimulatedWorkspace w = h.workspace();
        Instant now = w.now();
        long nowMicros = SimulatedWorkspace.micros(now);
        record Entry(ConversationPlan plan, long updated) {
        }
        List<Entry> entries = new ArrayList<>();
        long started = w.conversationsStartedBy(now);
        for (long c = 0; c < started; c++) {
            ConversationPlan plan = w.plan(c);
            if (w.deletions().conversationDeleted(plan.id())) {
                continue;
            }
            long updated = 0;
            for (ConversationPlan.Turn t : plan.turns()) {
                for (Instant at : new Instant[]{t.promptAt(), t.responseAt()}) {
                    long m = SimulatedWorkspace.micros(at);
                    if (m <= nowMicros) {
                        updated = Math.max(updated, m);
                    }
                }
            }
            if (since == null || updated >= since * 1_000_000L) {
                entries.add(new Entry(plan, updated));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::updated).thenComparingLong(e -> e.plan().index()));
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).plan().id().equals(after)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                return error(HttpStatus.NOT_FOUND, "Conversation " + after + " not found");
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        int to = Math.min(entries.size(), from + limit);
        String last = null;
        for (int i = from; i < to; i++) {
            ConversationPlan plan = entries.get(i).plan();
            data.add(conversation(h, plan, nowMicros, fileFormat));
            last = plan.id();
        }
        body.put("has_more", to < entries.size());
        body.put("last_id", last);
        return ResponseEntity.ok(body);
    }

    private ObjectNode conversation(Simulator.Hosted h, ConversationPlan plan, long nowMicros, String fileFormat) {
        SimulatedWorkspace w = h.workspace();
        SimUser user = w.user(plan.userIndex());
        ObjectNode c = json.createObjectNode();
        c.put("object", "compliance.workspace.conversation");
        c.put("id", plan.id());
        c.put("workspace_id", w.id());
        c.put("user_id", user.id());
        c.put("user_email", user.email());
        c.put("created_at", seconds(plan.start()));
        c.put("title", plan.title());
        ObjectNode messages = c.putObject("messages");
        messages.put("object", "list");
        ArrayNode data = messages.putArray("data");
        // large conversations embed their first messages only; the rest is paged by /conversations/{id}/messages
        List<ConversationMessages.Ref> visible = ConversationMessages.visible(plan, nowMicros);
        List<ConversationMessages.Ref> embedded = visible.subList(0, Math.min(visible.size(), ConversationMessages.EMBEDDED));
        for (ConversationMessages.Ref ref : embedded) {
            ConversationMessages.render(data, h, plan, ref, fileFormat, this::signedUrl);
        }
        double lastActive = visible.isEmpty() ? seconds(plan.start()) : seconds(visible.get(visible.size() - 1).at());
        messages.put("has_more", embedded.size() < visible.size());
        messages.put("last_id", embedded.isEmpty() ? null : embedded.get(embedded.size() - 1).id());
        c.put("last_active_at", lastActive);
        return c;
    }

    // ------------------------------------------------------------------ helpers

    private Simulator.Hosted authorize(String ws, String auth) {
        Simulator.Hosted h = simulator.get(ws);
        if (h == null || auth == null || !auth.equals("Bearer " + h.workspace().apiKey())) {
            return null;
        }
        return h;
    }

    private ResponseEntity<?> denied(String ws, String auth) {
        if (auth == null || !auth.startsWith("Bearer ")) {
            return error(HttpStatus.UNAUTHORIZED, "Missing bearer API key in the Authorization header");
        }
        if (simulator.get(ws) == null) {
            return error(HttpStatus.NOT_FOUND, "Workspace " + ws + " not found");
        }
        simulator.get(ws).requests().count("unauthorized");
        return error(HttpStatus.UNAUTHORIZED, "Incorrect API key provided");
    }

    private ResponseEntity<?> redirect(String blobPath) {
        return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT).location(URI.create(signedUrl(blobPath))).build();
    }

    private String signedUrl(String blobPath) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/sim/blob/" + blobPath).build().toUriString()
                + "?" + signedUrls.sign(blobPath);
    }

    private ResponseEntity<?> error(HttpStatus status, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private ResponseEntity<?> validation(String field, String message) {
        ObjectNode body = json.createObjectNode();
        body.putArray("detail").addObject().put("msg", message).put("type", "value_error")
                .putArray("loc").add("query").add(field);
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}

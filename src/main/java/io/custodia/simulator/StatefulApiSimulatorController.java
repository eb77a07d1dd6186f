package io.custodia.simulator;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stateful Compliance API beyond users and conversation lists (reference §3.1): GPTs and projects with
 * their configs, the {@code /conversations/{id}/messages} paging of large conversations, and the deletes of
 * conversations and user files ({@code DeletionResponse}).
 */
@RestController
@RequestMapping("/sim/v1/compliance/workspaces/{ws}")
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class StatefulApiSimulatorController {

    private final SimulatorResponses http;
    private final JsonMapper json;

    StatefulApiSimulatorController(Simulator simulator, SignedUrls signedUrls, JsonMapper json) {
        this.http = new SimulatorResponses(simulator, signedUrls, json);
        this.simulator = simulator;
        this.json = json;
    }

    private final Simulator simulator;

    // ------------------------------------------------------------------ GPTs and projects

    @GetMapping(value = "/gpts", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> gpts(@PathVariable String ws, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                           @RequestParam(required = false) String after, @RequestParam(defaultValue = "20") int limit) {
        return list(ws, auth, "gpt", after, limit);
    }

    @GetMapping(value = "/projects", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> projects(@PathVariable String ws, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                               @RequestParam(required = false) String after, @RequestParam(defaultValue = "20") int limit) {
        return list(ws, auth, "project", after, limit);
    }

    @GetMapping(value = "/gpts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> gpt(@PathVariable String ws, @PathVariable String id,
                          @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return one(ws, auth, "gpt", id);
    }

    @GetMapping(value = "/projects/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> project(@PathVariable String ws, @PathVariable String id,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return one(ws, auth, "project", id);
    }

    @GetMapping(value = "/gpts/{id}/configs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> gptConfigs(@PathVariable String ws, @PathVariable String id,
                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                 @RequestParam(required = false) String after, @RequestParam(defaultValue = "20") int limit) {
        return configs(ws, auth, "gpt", id, after, limit);
    }

    @GetMapping(value = "/projects/{id}/configs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> projectConfigs(@PathVariable String ws, @PathVariable String id,
                                     @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                     @RequestParam(required = false) String after, @RequestParam(defaultValue = "20") int limit) {
        return configs(ws, auth, "project", id, after, limit);
    }

    private ResponseEntity<?> list(String ws, String auth, String kind, String after, int limit) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        h.requests().count(kind + "s.list");
        limit = Math.max(1, Math.min(limit, 100));
        // live workspace GPTs/projects only: no deleted ones, no third-party GPTs
        List<GptCatalog.Entry> live = (kind.equals("gpt") ? GptCatalog.gpts(h.workspace()) : GptCatalog.projects(h.workspace()))
                .stream().filter(e -> e.state() == GptCatalog.State.LIVE).toList();
        return ResponseEntity.ok(page(live, GptCatalog.Entry::id, after, limit, e -> GptCatalog.render(json, h.workspace(), e)));
    }

    /** A list page in the generic envelope: the items after the one with id {@code after}, at most {@code limit}. */
    private <T> ObjectNode page(List<T> items, java.util.function.Function<T, String> id, String after, int limit,
                                java.util.function.Function<T, ObjectNode> render) {
        ObjectNode page = json.createObjectNode();
        page.put("object", "list");
        ArrayNode data = page.putArray("data");
        boolean skipping = after != null;
        String last = null;
        boolean more = false;
        for (T item : items) {
            if (skipping) {
                skipping = !id.apply(item).equals(after);
                continue;
            }
            if (data.size() == limit) {
                more = true;
                break;
            }
            data.add(render.apply(item));
            last = id.apply(item);
        }
        page.put("has_more", more);
        page.put("last_id", last);
        return page;
    }

    private ResponseEntity<?> one(String ws, String auth, String kind, String id) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        h.requests().count(kind + "s.get");
        GptCatalog.Entry e = GptCatalog.find(h.workspace(), kind, id);
        if (e == null || e.state() == GptCatalog.State.DELETED) {
            return http.error(HttpStatus.NOT_FOUND, (kind.equals("gpt") ? "GPT " : "Project ") + id + " not found");
        }
        return ResponseEntity.ok(GptCatalog.render(json, h.workspace(), e));
    }

    private ResponseEntity<?> configs(String ws, String auth, String kind, String id, String after, int limit) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        h.requests().count(kind + "s.configs");
        GptCatalog.Entry e = GptCatalog.find(h.workspace(), kind, id);
        if (e == null || e.state() != GptCatalog.State.LIVE) {
            return http.error(HttpStatus.NOT_FOUND, (kind.equals("gpt") ? "GPT " : "Project ") + id + " not found");
        }
        List<Integer> newestFirst = new java.util.ArrayList<>();
        for (int v = e.versions() - 1; v >= 0; v--) {
            newestFirst.add(v);
        }
        return ResponseEntity.ok(page(newestFirst, v -> GptCatalog.configId(e, v), after, Math.max(1, Math.min(limit, 100)),
                v -> GptCatalog.config(json, e, v, false)));
    }

    // ------------------------------------------------------------------ messages of a large conversation

    @GetMapping(value = "/conversations/{conversationId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> messages(@PathVariable String ws, @PathVariable String conversationId,
                               @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                               @RequestParam(required = false) String after, @RequestParam(defaultValue = "20") int limit,
                               @RequestParam(name = "file_format", defaultValue = "url") String fileFormat) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        h.requests().count("conversations.messages");
        ConversationPlan plan = find(h, conversationId);
        if (plan == null) {
            return http.error(HttpStatus.NOT_FOUND, "Conversation " + conversationId + " not found");
        }
        limit = Math.max(1, Math.min(limit, 100));
        List<ConversationMessages.Ref> visible = ConversationMessages.visible(plan, SimulatedWorkspace.micros(h.workspace().now()));
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).id().equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                return http.error(HttpStatus.NOT_FOUND, "Message " + after + " not found in conversation " + conversationId);
            }
        }
        ObjectNode page = json.createObjectNode();
        page.put("object", "list");
        ArrayNode data = page.putArray("data");
        int to = Math.min(visible.size(), from + limit);
        for (int i = from; i < to; i++) {
            ConversationMessages.render(data, h, plan, visible.get(i), fileFormat, http::signedUrl);
        }
        page.put("has_more", to < visible.size());
        page.put("last_id", to > from ? visible.get(to - 1).id() : null);
        return ResponseEntity.ok(page);
    }

    /** A conversation that has started and is not deleted (ids are random: scan the started ones). */
    private static ConversationPlan find(Simulator.Hosted h, String conversationId) {
        SimulatedWorkspace w = h.workspace();
        if (w.deletions().conversationDeleted(conversationId)) {
            return null;
        }
        long started = w.conversationsStartedBy(w.now());
        for (long c = started - 1; c >= 0; c--) {
            ConversationPlan plan = w.plan(c);
            if (plan.id().equals(conversationId)) {
                return plan;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ deletes

    @DeleteMapping(value = "/conversations/{conversationId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> deleteConversation(@PathVariable String ws, @PathVariable String conversationId,
                                         @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        h.requests().count("conversations.delete");
        if (find(h, conversationId) == null) {
            return http.error(HttpStatus.NOT_FOUND, "Conversation " + conversationId + " not found");
        }
        h.workspace().deletions().deleteConversation(conversationId);
        return ResponseEntity.ok(deleted("compliance.workspace.conversation.deleted", conversationId));
    }

    @DeleteMapping(value = "/users/{userId}/files/{fileId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> deleteUserFile(@PathVariable String ws, @PathVariable String userId, @PathVariable String fileId,
                                     @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        h.requests().count("files.delete");
        String[] owner = new String[1];
        ConversationPlan.SimFile file = h.workspace().findFile(fileId, owner);
        if (file == null || !owner[0].equals(userId) || h.workspace().deletions().fileDeleted(fileId)) {
            return http.error(HttpStatus.NOT_FOUND, "File " + fileId + " not found for user " + userId);
        }
        h.workspace().deletions().deleteFile(fileId);
        return ResponseEntity.ok(deleted("compliance.workspace.user.file.deleted", fileId));
    }

    private ObjectNode deleted(String object, String id) {
        return json.createObjectNode().put("deleted", true).put("object", object).put("id", id);
    }
}

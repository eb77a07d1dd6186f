package io.custodia.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages of a conversation in the stateful API's shape (reference §3.3, §6 A): float-second times,
 * {@code author.role}, the files list envelope; embedded in the conversation list up to
 * {@link #EMBEDDED} of them, the rest paged through {@code /conversations/{id}/messages} (reference §5.8).
 */
final class ConversationMessages {

    /** Messages embedded in a listed conversation; a longer one says {@code has_more} and is paged. */
    static final int EMBEDDED = 6;

    /** One message of a plan: the turn and whether it is the prompt. */
    record Ref(ConversationPlan.Turn turn, boolean prompt, Instant at, String id) {
    }

    private ConversationMessages() {
    }

    /** The messages of the plan that exist at {@code nowMicros}, in order. */
    static List<Ref> visible(ConversationPlan plan, long nowMicros) {
        List<Ref> out = new ArrayList<>();
        for (ConversationPlan.Turn t : plan.turns()) {
            if (SimulatedWorkspace.micros(t.promptAt()) <= nowMicros) {
                out.add(new Ref(t, true, t.promptAt(), t.promptId()));
            }
            if (SimulatedWorkspace.micros(t.responseAt()) <= nowMicros) {
                out.add(new Ref(t, false, t.responseAt(), t.responseId()));
            }
        }
        return out;
    }

    /**
     * Appends one message.
     *
     * @param signedUrl signs a blob path (for {@code file_format=url})
     */
    static void render(ArrayNode data, Simulator.Hosted h, ConversationPlan plan, Ref ref, String fileFormat,
                       Function<String, String> signedUrl) {
        SimulatedWorkspace w = h.workspace();
        ConversationPlan.Turn t = ref.turn();
        boolean prompt = ref.prompt();
        ObjectNode m = data.addObject();
        m.put("object", "compliance.workspace.conversation.message");
        m.put("id", ref.id());
        String parent = prompt ? (t.index() == 0 ? null : plan.turns().get(t.index() - 1).responseId()) : t.promptId();
        m.put("parent_id", parent);
        m.put("created_at", ComplianceApiSimulatorController.seconds(ref.at()));
        m.put("gpt_id", plan.gptId());
        m.put("project_id", plan.projectId());
        m.putObject("author").put("object", "compliance.workspace.conversation.message.author")
                .put("role", prompt ? "user" : "assistant").putNull("tool_name");
        m.putObject("content").put("object", "compliance.workspace.conversation.message.content")
                .put("type", "text").put("value", h.logs().text(plan, t, prompt)).putArray("annotations");
        ObjectNode files = m.putObject("files");
        files.put("object", "list");
        ArrayNode fileData = files.putArray("data");
        if (prompt && t.file() != null && !w.deletions().fileDeleted(t.file().id())) {
            if (fileFormat.equals("url")) {
                fileData.addObject().put("object", "compliance.workspace.conversation.message.file")
                        .put("id", t.file().id()).put("name", t.file().name())
                        .put("created_at", ComplianceApiSimulatorController.seconds(ref.at()))
                        .put("download_url", signedUrl.apply("files/" + w.id() + "/" + t.file().id()));
            } else {
                fileData.addObject().put("object", "compliance.workspace.conversation.message.file_info")
                        .put("id", t.file().id()).put("name", t.file().name()).put("user_id", w.user(plan.userIndex()).id());
            }
        }
        files.put("has_more", false);
        files.putNull("last_id");
    }
}

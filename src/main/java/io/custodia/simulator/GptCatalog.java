package io.custodia.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The GPTs and projects of a simulated workspace (reference §3.3), the ones its conversations use. Most are
 * live workspace GPTs/projects with an owner, sharing settings and a few config versions; one GPT was deleted
 * and one is a public third-party GPT (not listed, public information only on a direct lookup), and one
 * project was deleted: a lookup of a deleted one answers 404, which the reference calls normal.
 */
final class GptCatalog {

    /** One GPT or project. */
    record Entry(String kind, int index, String id, String name, SimUser owner, String visibility, State state,
                 Instant createdAt, int versions) {
    }

    enum State { LIVE, DELETED, THIRD_PARTY }

    private static final String[] VISIBILITY = {"invite-only", "workspace-with-link", "workspace", "anyone-with-link"};
    private static final String[] TOOLS = {"code_interpreter", "browser", "dall-e", "memory", "custom_action"};

    private GptCatalog() {
    }

    static List<Entry> gpts(SimulatedWorkspace ws) {
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < SimulatedWorkspace.GPT_NAMES.size(); n++) {
            State state = n == 4 ? State.DELETED : n == 5 ? State.THIRD_PARTY : State.LIVE;
            out.add(entry(ws, "gpt", n, ws.gptId(n), SimulatedWorkspace.GPT_NAMES.get(n), state));
        }
        return out;
    }

    static List<Entry> projects(SimulatedWorkspace ws) {
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < SimulatedWorkspace.PROJECT_NAMES.size(); n++) {
            out.add(entry(ws, "project", n, ws.projectId(n), SimulatedWorkspace.PROJECT_NAMES.get(n),
                    n == 3 ? State.DELETED : State.LIVE));
        }
        return out;
    }

    /** A GPT or project by id, deleted ones included (the caller answers 404 for those). */
    static Entry find(SimulatedWorkspace ws, String kind, String id) {
        for (Entry e : kind.equals("gpt") ? gpts(ws) : projects(ws)) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    private static Entry entry(SimulatedWorkspace ws, String kind, int n, String id, String name, State state) {
        SplittableRandom r = ws.random(-10_000 - n - (kind.equals("gpt") ? 0 : 100), 0xCA7);
        SimUser owner = ws.users().get(r.nextInt(ws.users().size()));
        String visibility = VISIBILITY[r.nextInt(VISIBILITY.length)];
        Instant created = ws.origin().minus(Duration.ofDays(5 + r.nextInt(200)));
        return new Entry(kind, n, id, name, owner, state == State.THIRD_PARTY ? "gpt-store" : visibility, state,
                created, 1 + r.nextInt(3));
    }

    /** The GPT/project object with its latest config. */
    static ObjectNode render(JsonMapper json, SimulatedWorkspace ws, Entry e) {
        ObjectNode n = json.createObjectNode();
        n.put("object", "compliance.workspace." + e.kind());
        n.put("id", e.id());
        boolean thirdParty = e.state() == State.THIRD_PARTY;
        if (!thirdParty) {
            n.put("created_at", ComplianceApiSimulatorController.seconds(e.createdAt()));
            n.put("owner_id", e.owner().id());
            n.put("owner_email", e.owner().email());
            n.put("builder_name", e.owner().name());
        } else {
            n.put("builder_name", "community builder");
        }
        ObjectNode sharing = n.putObject("sharing");
        sharing.put("visibility", e.visibility());
        sharing.putObject("permissions").put("can_read", true).put("can_view_config", !thirdParty).put("can_write", false);
        ArrayNode recipients = sharing.putArray("recipients");
        if (!thirdParty && e.visibility().equals("invite-only")) {
            SimUser other = ws.users().get((e.index() + 1) % ws.users().size());
            recipients.addObject().put("id", other.id()).put("email", other.email()).put("permissions", "can_read");
        }
        ObjectNode latest = n.putObject("latest_config");
        latest.put("object", "list");
        latest.putArray("data").add(config(json, e, e.versions() - 1, thirdParty));
        latest.put("has_more", false);
        latest.put("last_id", configId(e, e.versions() - 1));
        return n;
    }

    static String configId(Entry e, int version) {
        return (e.kind().equals("gpt") ? "gzm_cnf_" : "proj_cnf_") + e.id().substring(e.id().lastIndexOf('-') + 1) + "_v" + (version + 1);
    }

    /** Config {@code version} (0 = first) of a GPT or project. */
    static ObjectNode config(JsonMapper json, Entry e, int version, boolean thirdParty) {
        ObjectNode c = json.createObjectNode();
        c.put("object", "compliance.workspace." + e.kind() + ".configuration");
        c.put("id", configId(e, version));
        c.put("name", e.name());
        c.put("description", e.name() + " for the " + (e.kind().equals("gpt") ? "whole workspace" : "project team")
                + (version == 0 ? "" : " (revision " + (version + 1) + ")"));
        c.putArray("categories").add(e.kind().equals("gpt") ? "productivity" : "project");
        c.putArray("conversation_starters").add("What can you do?").add("Help me with " + e.name().toLowerCase());
        if (!thirdParty) {
            c.put("created_at", ComplianceApiSimulatorController.seconds(e.createdAt().plus(Duration.ofDays(version))));
            c.put("instructions", "You are " + e.name() + ". Answer concisely and cite internal sources. Version " + (version + 1) + ".");
            c.putObject("version_author").put("id", e.owner().id()).put("email", e.owner().email());
            ObjectNode files = c.putObject("files");
            files.put("object", "list");
            files.putArray("data");
            files.put("has_more", false);
            files.putNull("last_id");
        }
        ObjectNode tools = c.putObject("tools");
        tools.put("object", "list");
        ArrayNode data = tools.putArray("data");
        for (int t = 0; t <= (e.index() + version) % 3; t++) {
            String type = TOOLS[(e.index() + t) % TOOLS.length];
            ObjectNode tool = data.addObject().put("type", type)
                    .put("created_at", ComplianceApiSimulatorController.seconds(e.createdAt()));
            if (type.equals("custom_action")) {
                tool.put("action_domain", "api.example.test").put("auth_type", "oauth");
            }
        }
        tools.put("has_more", false);
        return c;
    }
}

package io.custodia.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ground truth of the stateful side of a simulated workspace, beside {@code /sim/admin/truth}: its user
 * directory now (with the joiners, leavers and role changes so far), its GPTs and projects, and what has
 * been deleted through the API.
 */
@RestController
@RequestMapping("/sim/admin/workspaces/{ws}")
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class SimulatorStateController {

    private final Simulator simulator;

    SimulatorStateController(Simulator simulator) {
        this.simulator = simulator;
    }

    @GetMapping("/directory")
    ResponseEntity<?> directory(@PathVariable String ws) {
        Simulator.Hosted h = simulator.get(ws);
        if (h == null) {
            return ResponseEntity.notFound().build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", h.workspace().now().toString());
        List<SimUser> users = UserDirectory.at(h.workspace(), h.workspace().now());
        body.put("users", users);
        body.put("changes", UserDirectory.changes(h.workspace(), h.workspace().now()));
        return ResponseEntity.ok(body);
    }

    @GetMapping("/catalog")
    ResponseEntity<?> catalog(@PathVariable String ws) {
        Simulator.Hosted h = simulator.get(ws);
        if (h == null) {
            return ResponseEntity.notFound().build();
        }
        List<Map<String, Object>> entries = new java.util.ArrayList<>();
        for (List<GptCatalog.Entry> list : List.of(GptCatalog.gpts(h.workspace()), GptCatalog.projects(h.workspace()))) {
            for (GptCatalog.Entry e : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", e.kind());
                m.put("id", e.id());
                m.put("name", e.name());
                m.put("state", e.state().name());
                m.put("ownerEmail", e.state() == GptCatalog.State.THIRD_PARTY ? null : e.owner().email());
                m.put("versions", e.versions());
                entries.add(m);
            }
        }
        return ResponseEntity.ok(Map.of("entries", entries));
    }

    @GetMapping("/deletions")
    ResponseEntity<?> deletions(@PathVariable String ws) {
        Simulator.Hosted h = simulator.get(ws);
        if (h == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(Map.of("conversations", h.workspace().deletions().conversations(),
                "files", h.workspace().deletions().files()));
    }
}

package io.custodia.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ground truth: per workspace, everything the simulated workspace has published up to its horizon,
 * collected yet or not; top-level fields sum all workspaces so they compare directly with
 * {@code /api/v1/stats}.
 */
@RestController
@RequestMapping("/sim/admin")
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class SimulatorAdminController {

    private final Simulator simulator;

    SimulatorAdminController(Simulator simulator) {
        this.simulator = simulator;
    }

    /**
     * The faults injected so far ({@code custodia.simulator.faults.*}): counts by kind, and exactly which
     * records were served as torn lines ({@code workspace/fileId#line}, the hub's quarantine reference of a
     * staged line) and which listing pages as broken JSON ({@code workspace/eventType/after}). Torn lines
     * are extra lines: the records they copy are also served intact, so the counts above stay true.
     */
    private Map<String, Object> faults() {
        Map<String, Object> f = new LinkedHashMap<>();
        Map<String, Long> injected = new java.util.TreeMap<>(simulator.faults().injected());
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        long concatenated = 0;
        for (Simulator.Hosted h : simulator.all()) {
            LogsPlatform.Rendered r = h.logs().faultsUpToHorizon();
            concatenated += r.concatenated();
            for (LogsPlatform.MalformedLine m : r.malformed()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("reference", h.workspace().id() + "/" + m.fileId() + "#" + m.line());
                line.put("eventId", m.eventId());
                lines.add(line);
            }
        }
        if (!lines.isEmpty()) {
            injected.put("malformedLines", (long) lines.size());
        }
        if (concatenated > 0) {
            injected.put("concatenatedLines", concatenated);
        }
        f.put("injected", injected);
        f.put("malformedLines", lines);
        f.put("malformedPages", new java.util.TreeSet<>(simulator.faults().malformedPages()));
        return f;
    }

    @GetMapping("/truth")
    Map<String, Object> truth() {
        List<GroundTruth.Counts> counts = simulator.all().stream().map(h -> h.truth().count()).toList();
        Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
        simulator.all().forEach(h -> requests.put(h.workspace().id(), h.requests().snapshot()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("live", simulator.properties().live());
        body.put("users", counts.stream().mapToLong(GroundTruth.Counts::users).sum());
        body.put("activeUsers", counts.stream().mapToLong(GroundTruth.Counts::activeUsers).sum());
        body.put("conversations", counts.stream().mapToLong(GroundTruth.Counts::conversations).sum());
        body.put("messages", counts.stream().mapToLong(GroundTruth.Counts::messages).sum());
        body.put("prompts", counts.stream().mapToLong(GroundTruth.Counts::prompts).sum());
        body.put("responses", counts.stream().mapToLong(GroundTruth.Counts::responses).sum());
        body.put("files", counts.stream().mapToLong(GroundTruth.Counts::files).sum());
        body.put("interactions", counts.stream().mapToLong(GroundTruth.Counts::interactions).sum());
        body.put("sensitivePrompts", counts.stream().mapToLong(GroundTruth.Counts::sensitivePrompts).sum());
        body.put("workspaces", counts);
        body.put("faults", faults());
        body.put("requests", requests);
        return body;
    }
}

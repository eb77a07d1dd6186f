package io.custodia.simulator;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Logs Platform beyond the workspace listing: the organization path
 * ({@code /compliance/organizations/{org}/logs…}, reference §4.1, serving the org-scoped event types and
 * rejecting workspace-scoped ones by name with a 422) and freshness
 * ({@code GET …/max_event_time?event_type=A&event_type=B}, reference §8) on both paths.
 */
@RestController
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class LogsFreshnessSimulatorController {

    private final Simulator simulator;
    private final SimulatorResponses http;
    private final JsonMapper json;
    private final ComplianceApiSimulatorController workspacePath;

    LogsFreshnessSimulatorController(Simulator simulator, SignedUrls signedUrls, JsonMapper json,
                                     ComplianceApiSimulatorController workspacePath) {
        this.simulator = simulator;
        this.workspacePath = workspacePath;
        this.http = new SimulatorResponses(simulator, signedUrls, json);
        this.json = json;
    }

    @GetMapping(value = "/sim/v1/compliance/workspaces/{ws}/max_event_time", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> workspaceFreshness(@PathVariable String ws,
                                         @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                         @RequestParam(name = "event_type", required = false) List<String> eventTypes) {
        Simulator.Hosted h = http.authorize(ws, auth);
        if (h == null) {
            return http.denied(simulator.get(ws), "Workspace " + ws, auth);
        }
        return freshness(h, eventTypes, LogsPlatform.EVENT_TYPES, "workspace");
    }

    @GetMapping(value = "/sim/v1/compliance/organizations/{org}/max_event_time", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> organizationFreshness(@PathVariable String org,
                                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                            @RequestParam(name = "event_type", required = false) List<String> eventTypes) {
        Simulator.Hosted h = http.authorize(simulator.byOrganization(org), auth);
        if (h == null) {
            return http.denied(simulator.byOrganization(org), "Organization " + org, auth);
        }
        return freshness(h, eventTypes, LogsPlatform.ORGANIZATION_EVENT_TYPES, "organization");
    }

    private ResponseEntity<?> freshness(Simulator.Hosted h, List<String> eventTypes, List<String> served, String scope) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            return http.validation("event_type", "field required");
        }
        for (String type : eventTypes) {
            ResponseEntity<?> refused = checkType(type, served, scope);
            if (refused != null) {
                return refused;
            }
        }
        h.requests().count("logs.freshness");
        ObjectNode body = json.createObjectNode();
        ObjectNode times = body.putObject("max_event_time");
        for (String type : eventTypes) {
            Instant t = h.logs().maxEventTime(type);
            if (t == null) {
                times.putNull(type);
            } else {
                times.put(type, LogsPlatform.ISO_MICROS.format(t));
            }
        }
        return ResponseEntity.ok(body);
    }

    // ------------------------------------------------------------------ organization path

    @GetMapping(value = "/sim/v1/compliance/organizations/{org}/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> organizationLogs(@PathVariable String org,
                                       @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                       @RequestParam(name = "event_type", required = false) String eventType,
                                       @RequestParam(required = false) String after,
                                       @RequestParam(required = false) String before,
                                       @RequestParam(defaultValue = "100") int limit) {
        Simulator.Hosted h = http.authorize(simulator.byOrganization(org), auth);
        if (h == null) {
            return http.denied(simulator.byOrganization(org), "Organization " + org, auth);
        }
        if (eventType != null) {
            ResponseEntity<?> refused = checkType(eventType, LogsPlatform.ORGANIZATION_EVENT_TYPES, "organization");
            if (refused != null) {
                return refused;
            }
        }
        h.requests().count("org.logs.list");
        // the same listing (parameters, envelope, paging) as the workspace path
        return workspacePath.logs(h.workspace().id(), auth, eventType, after, before, limit);
    }

    @GetMapping("/sim/v1/compliance/organizations/{org}/logs/{fileId}")
    ResponseEntity<?> organizationLogFile(@PathVariable String org, @PathVariable String fileId,
                                          @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Simulator.Hosted h = http.authorize(simulator.byOrganization(org), auth);
        if (h == null) {
            return http.denied(simulator.byOrganization(org), "Organization " + org, auth);
        }
        h.requests().count("org.logs.get");
        LogsPlatform.LogFile file = h.logs().find(fileId);
        if (file == null || !LogsPlatform.ORGANIZATION_EVENT_TYPES.contains(file.eventType())) {
            return http.error(HttpStatus.NOT_FOUND, "Log file " + fileId + " not found");
        }
        // the same immutable file (one signed blob) as on the workspace path
        return workspacePath.logFile(h.workspace().id(), fileId, auth);
    }

    private ResponseEntity<?> checkType(String type, List<String> served, String scope) {
        if (!LogsPlatform.EVENT_TYPES.contains(type)) {
            return http.validation("event_type", "value is not a valid enumeration member; permitted: " + served);
        }
        if (!served.contains(type)) {
            return http.error(HttpStatus.UNPROCESSABLE_CONTENT, type + " is a workspace-scoped event type. "
                    + "Use /v1/compliance/workspaces/{workspace_id}/logs instead");
        }
        return null;
    }
}

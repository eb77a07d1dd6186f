package io.custodia.ops.jobs;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custodia.ops.cluster.ClusterNodes;

/**
 * Job operations for batch operators: {@code /api/v1/jobs…}. Roles OPERATOR or COMPLIANCE_ADMIN; every
 * start, stop, restart, recover and abandon is audited. The {@code job} command line of the jar is a
 * client of this API.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
class JobsController {

    private final JobControl jobs;
    private final ClusterNodes nodes;

    JobsController(JobControl jobs, ClusterNodes nodes) {
        this.jobs = jobs;
        this.nodes = nodes;
    }

    /** The body of a start: a profile name (or a job name) and {@code key=value} parameters. */
    record StartRequest(String name, Map<String, String> parameters) {
    }

    @GetMapping("/jobs")
    Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodes.self());
        body.put("jobs", jobs.jobs());
        body.put("profiles", jobs.profiles());
        return body;
    }

    @GetMapping("/jobs/profiles")
    List<JobControl.ProfileView> profiles() {
        return jobs.profiles();
    }

    @PostMapping("/jobs/executions")
    ResponseEntity<ExecutionView> start(@RequestBody StartRequest request, Principal user) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw JobControlException.badRequest("give the profile or job to start: {\"name\": \"…\", \"parameters\": {…}}");
        }
        ExecutionView started = jobs.start(request.name(), request.parameters() == null ? Map.of() : request.parameters(),
                user.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(started);
    }

    /** Executions newest first; {@code running=true} for those running now (on any node). */
    @GetMapping("/jobs/executions")
    List<ExecutionView> executions(@RequestParam(required = false) String job,
                                   @RequestParam(defaultValue = "false") boolean running,
                                   @RequestParam(defaultValue = "20") int limit) {
        return jobs.executions(job, running, Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/jobs/{job}/executions")
    List<ExecutionView> history(@PathVariable String job, @RequestParam(defaultValue = "20") int limit) {
        return jobs.executions(job, false, Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/jobs/executions/{id}")
    ExecutionView status(@PathVariable long id) {
        return jobs.status(id);
    }

    @PostMapping("/jobs/executions/{id}/stop")
    ExecutionView stop(@PathVariable long id, Principal user) {
        return jobs.stop(id, user.getName());
    }

    @PostMapping("/jobs/executions/{id}/restart")
    ResponseEntity<ExecutionView> restart(@PathVariable long id, Principal user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(jobs.restart(id, user.getName()));
    }

    @PostMapping("/jobs/executions/{id}/recover")
    ExecutionView recover(@PathVariable long id, @RequestParam(defaultValue = "false") boolean force, Principal user) {
        return jobs.recover(id, force, user.getName());
    }

    @PostMapping("/jobs/executions/{id}/abandon")
    ExecutionView abandon(@PathVariable long id, Principal user) {
        return jobs.abandon(id, user.getName());
    }

    /** The hub nodes sharing the database (Quartz cluster membership). */
    @GetMapping("/cluster")
    Map<String, Object> cluster() {
        return Map.of("node", nodes.self(), "nodes", nodes.all());
    }

    @ExceptionHandler(JobControlException.class)
    ResponseEntity<Map<String, String>> refused(JobControlException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(Map.of("error", e.kind().name(), "message", e.getMessage()));
    }
}

package io.custodia.feeds;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feed operations: {@code GET /api/v1/feeds} (cursor, backlog, delivered, retried, dead-lettered, last
 * error per feed), {@code GET /api/v1/feeds/{name}/dead-letters}, and
 * {@code POST /api/v1/feeds/{name}/dead-letters/replay} ({@code {"ids":[…]}} or no body for all).
 */
@RestController
@RequestMapping("/api/v1/feeds")
@PreAuthorize("hasAnyRole('OPERATOR', 'COMPLIANCE_ADMIN')")
class FeedsController {

    /** Which dead letters to replay; none listed = all of the feed's. */
    record ReplayRequest(List<Long> ids) {
    }

    private final FeedOperations operations;

    FeedsController(FeedOperations operations) {
        this.operations = operations;
    }

    @GetMapping
    Map<String, Object> feeds() {
        return Map.of("feeds", operations.all());
    }

    @GetMapping("/{name}")
    FeedStatus feed(@PathVariable String name) {
        return operations.status(name);
    }

    @GetMapping("/{name}/dead-letters")
    Map<String, Object> deadLetters(@PathVariable String name, @RequestParam(defaultValue = "100") int limit) {
        return Map.of("feed", name, "deadLetters", operations.deadLetters(name, Math.min(Math.max(limit, 1), 1000)));
    }

    @PostMapping("/{name}/dead-letters/replay")
    Map<String, Object> replay(@PathVariable String name, @RequestBody(required = false) ReplayRequest request,
                               Principal user) {
        int n = operations.replay(name, request == null ? null : request.ids(), user.getName());
        return Map.of("feed", name, "queued", n);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    Map<String, String> unknown(IllegalArgumentException e) {
        return Map.of("error", e.getMessage());
    }
}

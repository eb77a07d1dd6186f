package io.custodia.ediscovery;

import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custodia.ediscovery.export.Exports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** eDiscovery cases and everything that hangs off a case: members, searches, holds, review sets, exports. */
@RestController
@RequestMapping("/api/v1/cases")
@PreAuthorize("hasAnyRole('EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN')")
@Tag(name = "eDiscovery cases", description = "Cases, members, searches, holds, review sets and exports of a case")
class CaseController {

    record NewCase(String name, String description) {
    }

    record NewMember(String username) {
    }

    record NewSearch(String query) {
    }

    record NewHold(String name, String query, List<String> custodians) {
    }

    record NewReviewSet(String name) {
    }

    record NewExport(Long searchId, String format) {
    }

    private final Cases cases;
    private final Searches searches;
    private final Holds holds;
    private final ReviewSets reviewSets;
    private final Exports exports;

    CaseController(Cases cases, Searches searches, Holds holds, ReviewSets reviewSets, Exports exports) {
        this.cases = cases;
        this.searches = searches;
        this.holds = holds;
        this.reviewSets = reviewSets;
        this.exports = exports;
    }

    @PostMapping
    @Operation(summary = "Create a case; its creator becomes a member")
    Map<String, Object> create(@RequestBody NewCase body, Authentication user) {
        return Map.of("id", cases.create(body.name(), body.description(), user));
    }

    @GetMapping
    @Operation(summary = "The cases the caller may see (all for eDiscovery Administrators)")
    List<Cases.Case> list(Authentication user) {
        return cases.visible(user);
    }

    @GetMapping("/{caseId}")
    @Operation(summary = "One case")
    Cases.Case get(@PathVariable long caseId, Authentication user) {
        return cases.get(caseId, user);
    }

    @PostMapping("/{caseId}/members")
    @Operation(summary = "Add a member (an eDiscovery Manager who may then see the case)")
    Cases.Case addMember(@PathVariable long caseId, @RequestBody NewMember body, Authentication user) {
        cases.addMember(caseId, body.username(), user);
        return cases.get(caseId, user);
    }

    @PostMapping("/{caseId}/searches")
    @Operation(summary = "Run a search (KQL-like query); returns its id, hit count and statistics",
            description = "A malformed query is answered 400 with the position, what was expected and what was found.")
    Searches.Search search(@PathVariable long caseId, @RequestBody NewSearch body, Authentication user) {
        return searches.run(caseId, body.query(), user);
    }

    @GetMapping("/{caseId}/searches")
    @Operation(summary = "The searches of a case with their statistics")
    List<Searches.Search> searches(@PathVariable long caseId, Authentication user) {
        return searches.list(caseId, user);
    }

    @GetMapping("/{caseId}/searches/{searchId}")
    @Operation(summary = "One search with its statistics")
    Searches.Search search(@PathVariable long caseId, @PathVariable long searchId, Authentication user) {
        return searches.get(caseId, searchId, user);
    }

    @GetMapping("/{caseId}/searches/{searchId}/items")
    @Operation(summary = "The hits of a search (metadata only; text is for Content Viewers in review sets)")
    List<Searches.Hit> hits(@PathVariable long caseId, @PathVariable long searchId,
                            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit,
                            Authentication user) {
        return searches.hits(caseId, searchId, offset, limit, user);
    }

    @PostMapping("/{caseId}/holds")
    @Operation(summary = "Place a hold: a query hold, or a custodian hold (custodians, or a query of custodian: terms only)")
    Holds.Hold hold(@PathVariable long caseId, @RequestBody NewHold body, Authentication user) {
        return holds.create(caseId, body.name(), body.query(), body.custodians(), user);
    }

    @GetMapping("/{caseId}/holds")
    @Operation(summary = "The holds of a case")
    List<Holds.Hold> holds(@PathVariable long caseId, Authentication user) {
        return holds.list(caseId, user);
    }

    @GetMapping("/{caseId}/holds/{holdId}")
    @Operation(summary = "One hold")
    Holds.Hold hold(@PathVariable long caseId, @PathVariable long holdId, Authentication user) {
        return holds.get(caseId, holdId, user);
    }

    @PostMapping("/{caseId}/holds/{holdId}/release")
    @Operation(summary = "Release a hold (it stays on record with its release time)")
    Holds.Hold release(@PathVariable long caseId, @PathVariable long holdId, Authentication user) {
        return holds.release(caseId, holdId, user);
    }

    @PostMapping("/{caseId}/review-sets")
    @Operation(summary = "Create a review set")
    Map<String, Object> reviewSet(@PathVariable long caseId, @RequestBody NewReviewSet body, Authentication user) {
        return Map.of("id", reviewSets.create(caseId, body.name(), user));
    }

    @GetMapping("/{caseId}/review-sets")
    @Operation(summary = "The review sets of a case")
    List<ReviewSets.ReviewSet> reviewSets(@PathVariable long caseId, Authentication user) {
        return reviewSets.list(caseId, user);
    }

    @PostMapping("/{caseId}/exports")
    @Operation(summary = "Export a search's hits as eml, rsmf or dat; a Spring Batch job builds the package")
    Map<String, Object> export(@PathVariable long caseId, @RequestBody NewExport body, Authentication user) {
        if (body.searchId() == null) {
            throw new IllegalArgumentException("searchId is required");
        }
        return Map.of("id", exports.start(caseId, body.searchId(), body.format(), user));
    }

    @GetMapping("/{caseId}/exports")
    @Operation(summary = "The exports of a case")
    List<Map<String, Object>> exports(@PathVariable long caseId, Authentication user) {
        return exports.list(caseId, user);
    }
}

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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Review sets: add search results, list, tag, comment; the text of an item for Content Viewers only (audited). */
@RestController
@RequestMapping("/api/v1/review-sets/{reviewSetId}")
@PreAuthorize("hasAnyRole('EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN')")
@Tag(name = "eDiscovery review sets")
class ReviewSetController {

    record AddSearch(Long searchId) {
    }

    record Tags(List<String> add, List<String> remove) {
    }

    record NewComment(String text) {
    }

    private final ReviewSets reviewSets;

    ReviewSetController(ReviewSets reviewSets) {
        this.reviewSets = reviewSets;
    }

    @PostMapping("/items")
    @Operation(summary = "Add the hits of a search of the same case")
    Map<String, Object> add(@PathVariable long reviewSetId, @RequestBody AddSearch body, Authentication user) {
        if (body.searchId() == null) {
            throw new IllegalArgumentException("searchId is required");
        }
        return Map.of("added", reviewSets.addSearch(reviewSetId, body.searchId(), user));
    }

    @GetMapping("/items")
    @Operation(summary = "Items of the review set (metadata, tags, comment count), optionally only those with a tag")
    List<ReviewSets.ReviewItem> items(@PathVariable long reviewSetId, @RequestParam(required = false) String tag,
                                      @RequestParam(defaultValue = "0") int offset,
                                      @RequestParam(defaultValue = "100") int limit, Authentication user) {
        return reviewSets.items(reviewSetId, tag, offset, limit, user);
    }

    @GetMapping("/items/{itemId}/content")
    @PreAuthorize("hasRole('CONTENT_VIEWER') and hasAnyRole('EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN')")
    @Operation(summary = "The prompt or response text and attachment text (Content Viewer role; every view is audited)")
    ReviewSets.Content content(@PathVariable long reviewSetId, @PathVariable long itemId, Authentication user) {
        return reviewSets.content(reviewSetId, itemId, user);
    }

    @PostMapping("/items/{itemId}/tags")
    @Operation(summary = "Add and remove tags; returns the item's tags")
    List<String> tag(@PathVariable long reviewSetId, @PathVariable long itemId, @RequestBody Tags body, Authentication user) {
        return reviewSets.tag(reviewSetId, itemId, body.add(), body.remove(), user);
    }

    @PostMapping("/items/{itemId}/comments")
    @Operation(summary = "Comment on an item")
    Map<String, Object> comment(@PathVariable long reviewSetId, @PathVariable long itemId, @RequestBody NewComment body,
                                Authentication user) {
        return Map.of("id", reviewSets.comment(reviewSetId, itemId, body.text(), user));
    }
}

package io.custodia.feeds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.custodia.support.HubClient;

/** {@code GET /api/v1/feeds} as a test reads it. */
final class FeedOperationsView {

    private final HubClient hub;

    FeedOperationsView(HubClient hub) {
        this.hub = hub;
    }

    @SuppressWarnings("unchecked")
    FeedStatus feed(String name) {
        List<Map<String, Object>> feeds = (List<Map<String, Object>>) hub.get("/api/v1/feeds").get("feeds");
        Map<String, Object> f = feeds.stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no feed " + name + " in " + feeds));
        return new FeedStatus((String) f.get("name"), (String) f.get("type"), (String) f.get("format"), (String) f.get("url"),
                (List<String>) f.get("events"), (String) f.get("minSeverity"), (List<String>) f.get("workspaces"),
                (Boolean) f.get("enabled"), (Boolean) f.get("includeContent"), num(f, "cursor"), num(f, "backlog"),
                num(f, "gaps"), num(f, "delivered"), num(f, "retried"), num(f, "deadLettered"), num(f, "deadLetters"),
                (String) f.get("lastError"), time(f.get("lastErrorAt")), time(f.get("lastDeliveryAt")), (String) f.get("owner"));
    }

    private static long num(Map<String, Object> m, String k) {
        return HubClient.num(m, k);
    }

    private static Instant time(Object o) {
        return o == null ? null : Instant.parse(o.toString());
    }
}

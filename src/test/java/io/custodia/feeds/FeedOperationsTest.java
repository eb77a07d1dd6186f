package io.custodia.feeds;

import static io.custodia.feeds.FeedPeers.FILTERED;
import static io.custodia.feeds.FeedPeers.HOOKS;
import static io.custodia.feeds.FeedPeers.HTTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Operating feeds: a destination that keeps refusing one event gets it dead-lettered after the
 * configured attempts while the rest flows on; the operator sees it in {@code GET /api/v1/feeds} and
 * the metrics, replays it, and it arrives. Filters by type, minimum severity and workspace.
 */
class FeedOperationsTest extends FeedsIntegrationTest {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxEvents events;
    @Autowired
    MeterRegistry meters;

    @Test
    void aRefusedEventIsDeadLetteredThenReplayed() {
        String run = UUID.randomUUID().toString();
        HTTP.respond(HOOKS, r -> r.text().contains("poison") ? 500 : 200);
        OutboxEvent first = hook(run, 1, "ana@example.com", "fine");
        OutboxEvent poison = hook(run, 2, "bob@example.com", "poison");
        OutboxEvent third = hook(run, 3, "ana@example.com", "fine");
        outbox.publish(List.of(first, poison, third));

        await().atMost(Duration.ofMinutes(1)).until(() -> deadLetters().stream().anyMatch(d -> poison.id().equals(d.get("eventId"))));
        assertThat(acceptedIds()).contains(first.id(), third.id()).doesNotContain(poison.id());
        Map<String, Object> dead = deadLetters().stream().filter(d -> poison.id().equals(d.get("eventId"))).findFirst().orElseThrow();
        assertThat(dead).containsEntry("attempts", 3).containsEntry("status", "DEAD").containsEntry("eventType", "test.hook");
        assertThat((String) dead.get("error")).startsWith("HTTP 500");
        assertThat(HTTP.requests(HOOKS).stream().filter(r -> poison.id().equals(r.header("X-Custodia-Event-Id")))).hasSize(3);

        FeedStatus status = new FeedOperationsView(hub).feed("hooks");
        assertThat(status.deadLettered()).isGreaterThanOrEqualTo(1);
        assertThat(status.deadLetters()).isGreaterThanOrEqualTo(1);
        assertThat(status.retried()).isGreaterThanOrEqualTo(2);
        assertThat(status.lastError()).startsWith("HTTP 500");
        assertThat(meters.get("custodia.feed.dead.lettered").tag("feed", "hooks").functionCounter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("custodia.feed.backlog").tag("feed", "hooks").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(meters.get("custodia.backlog").tag("queue", "feed:hooks").gauge().value()).isGreaterThanOrEqualTo(0);
        // events gave up: the feed's health says so, with what to do
        Map<String, Object> health = feedHealth("hooks");
        assertThat(health).containsEntry("status", "DOWN");
        assertThat(health.get("details").toString()).contains("deadLetters=", "dead-letters/replay");

        // the receiver is fixed; the operator replays
        HTTP.respond(HOOKS, r -> 200);
        Map<String, Object> replay = hub.raw().post().uri("/api/v1/feeds/hooks/dead-letters/replay")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("ids", List.of(((Number) dead.get("id")).longValue()))).retrieve()
                .body(new org.springframework.core.ParameterizedTypeReference<>() { });
        assertThat(replay).containsEntry("queued", 1);
        await().atMost(Duration.ofMinutes(1)).until(() -> acceptedIds().contains(poison.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().stream()
                .anyMatch(d -> poison.id().equals(d.get("eventId")) && "REPLAYED".equals(d.get("status"))));
        if (deadLetters().stream().noneMatch(d -> "DEAD".equals(d.get("status")))) {
            assertThat(feedHealth("hooks")).containsEntry("status", "UP");
        }
        // signed like every webhook body, and the replay was audited
        HttpReceiver.Request delivered = HTTP.accepted(HOOKS).stream()
                .filter(r -> poison.id().equals(r.header("X-Custodia-Event-Id"))).findFirst().orElseThrow();
        assertThat(delivered.header("X-Custodia-Signature")).isEqualTo("sha256=" + WebhookSignature.hmac(FeedPeers.HOOK_SECRET, delivered.body()));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE operation = 'FeedDeadLettersReplayed' "
                + "AND object_id = 'hooks'", Long.class)).isPositive();
    }

    @Test
    void filtersSelectByTypeSeverityAndWorkspace() {
        String run = UUID.randomUUID().toString();
        OutboxEvent infoA = filtered(run, "test.filter", "info", "ws-a");
        OutboxEvent mediumA = filtered(run, "test.filter", "medium", "ws-a");
        OutboxEvent highB = filtered(run, "test.filter", "high", "ws-b");
        OutboxEvent criticalNone = filtered(run, "test.filter", "critical", null);
        OutboxEvent otherType = filtered(run, "test.unlisted", "critical", "ws-a");
        OutboxEvent marker = filtered(run, "test.other", "high", "ws-a");
        outbox.publish(List.of(infoA, mediumA, highB, criticalNone, otherType));
        outbox.publish(marker);
        // delivery is in outbox order: once the marker is there, everything before it was decided
        await().atMost(Duration.ofMinutes(1)).until(() -> ids(FILTERED).contains(marker.id()));
        assertThat(ids(FILTERED)).filteredOn(id -> List.of(infoA, mediumA, highB, criticalNone, otherType, marker)
                .stream().anyMatch(e -> e.id().equals(id)))
                .containsExactly(mediumA.id(), criticalNone.id(), marker.id());
    }

    @Test
    void feedOperationsNeedAnOperatorOrAdministrator() {
        RestClient anonymous = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        HttpStatusCode status = anonymous.get().uri("/api/v1/feeds").exchange((req, res) -> res.getStatusCode());
        assertThat(status.value()).isEqualTo(401);
        HttpStatusCode unknown = hub.raw().get().uri("/api/v1/feeds/nope/dead-letters").exchange((req, res) -> res.getStatusCode());
        assertThat(unknown.value()).isEqualTo(404);
        FeedStatus files = new FeedOperationsView(hub).feed("files");
        assertThat(files.type()).isEqualTo("file");
        assertThat(files.events()).containsExactly("interaction.captured");
        assertThat(new FeedOperationsView(hub).feed("rabbit").url()).isEqualTo("amqp://***@127.0.0.1:5672");
    }

    private OutboxEvent hook(String run, int n, String custodian, String word) {
        return events.event("test.hook", "low", run + ":" + n, Instant.now(), "ws-a", null, custodian,
                Map.of("action", "create", "message", word + " " + n, "object", Map.of("type", "test", "id", run + "-" + n)));
    }

    private OutboxEvent filtered(String run, String type, String severity, String workspace) {
        return events.event(type, severity, run + ":" + type + ":" + severity + ":" + workspace, Instant.now(), workspace,
                null, null, Map.of("action", "other", "message", type + " " + severity));
    }

    private List<String> acceptedIds() {
        return ids(HOOKS);
    }

    private static List<String> ids(String path) {
        return HTTP.accepted(path).stream().map(r -> r.header("X-Custodia-Event-Id")).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> deadLetters() {
        return (List<Map<String, Object>>) hub.get("/api/v1/feeds/hooks/dead-letters").get("deadLetters");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> feedHealth(String feed) {
        Map<String, Object> group = hub.raw().get().uri("/actuator/health/feeds").retrieve()
                .onStatus(HttpStatusCode::isError, (req, res) -> { }) // a DOWN group answers 503 with its body
                .body(new org.springframework.core.ParameterizedTypeReference<>() { });
        Map<String, Object> feeds = (Map<String, Object>) ((Map<String, Object>) group.get("components")).get("feedDelivery");
        return (Map<String, Object>) ((Map<String, Object>) feeds.get("components")).get(feed);
    }
}

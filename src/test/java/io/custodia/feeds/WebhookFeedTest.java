package io.custodia.feeds;

import static io.custodia.feeds.FeedPeers.HTTP;
import static io.custodia.feeds.FeedPeers.SIEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The acceptance check: a feed declared from configuration alone ({@code type=webhook}, {@code url},
 * {@code format=ocsf}) to a receiver that answers 500 for its first {@link FeedPeers#SIEM_OUTAGE}
 * (a minute in the issue; 20 s here unless {@code -Dcustodia.test.siem-outage-seconds=60}): every
 * captured interaction arrives at least once — exactly once after de-duplication by event id — as a
 * valid OCSF 1.8.0 API Activity, signed, and in order per custodian.
 */
class WebhookFeedTest extends FeedsIntegrationTest {

    private static final OcsfSchema SCHEMA = OcsfSchema.load();

    @Test
    void everyCapturedInteractionReachesTheSiemAsValidOcsfDespiteItsOutage() {
        long interactions = capturedInteractions();
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> distinctInteractions(HTTP.accepted(SIEM)).size() == interactions);

        List<HttpReceiver.Request> all = HTTP.requests(SIEM);
        List<HttpReceiver.Request> accepted = HTTP.accepted(SIEM);
        // the receiver really was down first, and the hub retried through the outage
        assertThat(all.get(0).status()).isEqualTo(500);
        assertThat(accepted.get(0).at()).isAfterOrEqualTo(all.get(0).at().plus(FeedPeers.SIEM_OUTAGE));
        // exactly the captured interactions, each once after de-duplication by event id
        Map<String, HttpReceiver.Request> byId = distinctInteractions(accepted);
        assertThat(byId).hasSize((int) interactions);
        assertThat(jdbc.queryForList("SELECT id FROM outbox_event WHERE event_type = 'interaction.captured'", String.class))
                .containsExactlyInAnyOrderElementsOf(byId.keySet());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE record_type = 328", Long.class))
                .isEqualTo(interactions);

        Map<String, List<Long>> sequencePerCustodian = new LinkedHashMap<>();
        for (HttpReceiver.Request r : byId.values()) {
            JsonNode e = FeedFixtures.json(r.text());
            assertThat(SCHEMA.validate(e)).as(r.text()).isEmpty();
            assertThat(e.path("class_uid").asInt()).isEqualTo(6003);
            assertThat(e.path("metadata").path("uid").asString()).isEqualTo(r.header("X-Custodia-Event-Id"));
            assertThat(e.path("ai_model").path("name").asString()).isNotBlank();
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("X-Custodia-Signature")).isEqualTo("sha256=" + WebhookSignature.hmac(FeedPeers.SIEM_SECRET, r.body()));
            assertThat(r.headers()).doesNotContainKeys("custodiafeed", "custodiafeedevent", "custodiafeedbatch");
            sequencePerCustodian.computeIfAbsent(e.path("actor").path("user").path("email_addr").asString(), k -> new ArrayList<>())
                    .add(e.path("metadata").path("sequence").asLong());
        }
        // in outbox order per custodian (first arrival of each event)
        sequencePerCustodian.forEach((custodian, seqs) -> assertThat(seqs).as(custodian).isSorted());
        assertThat(sequencePerCustodian).hasSizeGreaterThan(1);

        FeedStatus siem = new FeedOperationsView(hub).feed("siem");
        assertThat(siem.retried()).isPositive();
        assertThat(siem.deadLettered()).isZero();
        assertThat(siem.delivered()).isGreaterThanOrEqualTo(interactions);
        assertThat(siem.url()).isEqualTo(HTTP.url(SIEM));
    }

    /** First accepted request per interaction event id, in arrival order. */
    static Map<String, HttpReceiver.Request> distinctInteractions(List<HttpReceiver.Request> requests) {
        Map<String, HttpReceiver.Request> byId = new LinkedHashMap<>();
        for (HttpReceiver.Request r : requests) {
            if ("interaction.captured".equals(r.header("X-Custodia-Event-Type"))) {
                byId.putIfAbsent(r.header("X-Custodia-Event-Id"), r);
            }
        }
        return byId;
    }

}

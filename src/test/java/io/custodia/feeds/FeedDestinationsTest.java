package io.custodia.feeds;

import static io.custodia.feeds.FeedPeers.HTTP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import tools.jackson.databind.JsonNode;

/**
 * Every captured interaction reaches each kind of destination, each a real peer on this machine:
 * Splunk HEC (HTTP), syslog over TCP, rotating JSON-lines files, RabbitMQ, and an embedded Kafka broker.
 */
class FeedDestinationsTest extends FeedsIntegrationTest {

    @Test
    void splunkHecReceivesEnvelopesWithTheToken() {
        long interactions = capturedInteractions();
        Map<String, JsonNode> events = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (HttpReceiver.Request r : HTTP.accepted(FeedPeers.HEC)) {
                for (String line : r.text().split("\n")) {
                    JsonNode envelope = FeedFixtures.json(line);
                    events.putIfAbsent(envelope.path("fields").path("event_id").asString(), envelope);
                }
            }
            return events.size() == interactions;
        });
        HttpReceiver.Request first = HTTP.accepted(FeedPeers.HEC).get(0);
        assertThat(first.header("Authorization")).isEqualTo("Splunk " + FeedPeers.HEC_TOKEN);
        JsonNode e = events.values().iterator().next();
        assertThat(e.path("index").asString()).isEqualTo("compliance");
        assertThat(e.path("sourcetype").asString()).isEqualTo("custodia:event");
        assertThat(e.path("event").path("type").asString()).isEqualTo("interaction.captured");
        assertThat(e.path("time").isNumber()).isTrue();
        // batched: several events per request
        assertThat(HTTP.accepted(FeedPeers.HEC).size()).isLessThan((int) interactions);
    }

    @Test
    void syslogReceivesRfc5424CefMessages() {
        everyInteractionArrivesAsCef(FeedPeers.SYSLOG, capturedInteractions());
    }

    /** Waits until the listener holds every interaction once (by its event id), each an RFC 5424 CEF message. */
    private static void everyInteractionArrivesAsCef(SyslogListener listener, long interactions) {
        Pattern cef = Pattern.compile("^<110>1 \\S+ \\S+ custodia - interaction\\.captured - CEF:0\\|Custodia\\|Custodia\\|[^|]+"
                + "\\|interaction\\.captured\\|Interaction captured\\|1\\|.*externalId=(\\S+) .*$");
        Set<String> ids = new TreeSet<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String m : listener.messages()) {
                Matcher matcher = cef.matcher(m);
                assertThat(matcher.matches()).as(m).isTrue();
                ids.add(matcher.group(1));
            }
            return ids.size() == interactions;
        });
        assertThat(listener.errors()).isEmpty();
    }

    /**
     * RFC 5425: the feed that trusts the listener's certificate through its SSL bundle delivers every interaction
     * over TLS; the one with the JVM's default trust store refuses the self-signed server, delivers nothing, says
     * why and dead-letters every event.
     */
    @Test
    void syslogOverTlsDeliversOnlyToAServerItTrusts() {
        long interactions = capturedInteractions();
        everyInteractionArrivesAsCef(FeedPeers.SYSLOG_TLS, interactions);
        // after its two attempts per batch the untrusted feed dead-letters whole batches and moves on (a batch's
        // dead letters once failed to insert from the second row on, and the feed retried the batch for ever)
        FeedOperationsView feeds = new FeedOperationsView(hub);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> feeds.feed("untrusted").deadLettered() >= interactions);
        FeedStatus untrusted = feeds.feed("untrusted");
        assertThat(untrusted.deadLettered()).isEqualTo(interactions);
        assertThat(untrusted.delivered()).isZero();
        assertThat(untrusted.lastError()).containsIgnoringCase("certification path");
    }

    @Test
    void filesRotateAndHoldEveryEventAsAJsonLine() throws IOException {
        long interactions = capturedInteractions();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ids(lines(FeedPeers.FILES)).size() == interactions);
        List<Path> files;
        try (Stream<Path> s = Files.list(FeedPeers.FILES)) {
            files = s.sorted().toList();
        }
        // rotated at 64 KB: several files, named so they sort by time
        assertThat(files).hasSizeGreaterThan(2).allSatisfy(f -> assertThat(f.getFileName().toString()).matches(
                "files-\\d{8}-\\d{6}-\\d{3}\\.jsonl"));
        for (String line : lines(FeedPeers.FILES)) {
            assertThat(FeedFixtures.json(line).path("type").asString()).isEqualTo("interaction.captured");
        }
    }

    @Test
    void rabbitMqReceivesPurviewRecordsWithTheEventIdAsMessageId() {
        long interactions = capturedInteractions();
        Map<String, Message> messages = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Message m;
            while ((m = FeedPeers.RABBIT.receive(FeedPeers.RABBIT_QUEUE)) != null) {
                messages.putIfAbsent(m.getMessageProperties().getMessageId(), m);
            }
            return messages.size() == interactions;
        });
        Message m = messages.values().iterator().next();
        assertThat(m.getMessageProperties().getReceivedRoutingKey()).isEqualTo("interaction.captured");
        assertThat(m.getMessageProperties().getReceivedDeliveryMode()).hasToString("PERSISTENT");
        JsonNode record = FeedFixtures.json(new String(m.getBody(), StandardCharsets.UTF_8));
        // the interaction's own unified audit record
        assertThat(record.path("RecordType").asInt()).isEqualTo(328);
        assertThat(record.path("Operation").asString()).isEqualTo("ConnectedAIAppInteraction");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_record WHERE id = ?", Long.class,
                record.path("Id").asString())).isOne();
    }

    @Test
    void kafkaReceivesRecordsKeyedByCustodianInOrderWithContentWhenOptedIn() {
        long interactions = capturedInteractions();
        Map<String, ConsumerRecord<String, String>> byId = new LinkedHashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FeedPeers.KAFKA.getBrokersAsString());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "custodia-test-" + FeedPeers.RUN);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(FeedPeers.KAFKA_TOPIC));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    all.add(r);
                    byId.putIfAbsent(FeedFixtures.json(r.value()).path("id").asString(), r);
                }
                return byId.size() == interactions;
            });
        }
        Map<String, List<Long>> seqsByKey = new HashMap<>();
        Map<String, Integer> partitionByKey = new HashMap<>();
        Set<String> seen = new TreeSet<>();
        for (ConsumerRecord<String, String> r : all) {
            JsonNode e = FeedFixtures.json(r.value());
            if (!seen.add(e.path("id").asString())) {
                continue; // at least once: a batch the broker did not confirm in time is sent again
            }
            assertThat(r.key()).isEqualTo(e.path("custodian").asString());
            assertThat(e.path("mailboxId").asLong()).isEqualTo(jdbc.queryForObject(
                    "SELECT id FROM mailbox WHERE workspace_id = ? AND user_id = ?", Long.class,
                    e.path("workspaceId").asString(), e.path("data").path("actor").path("userId").asString()));
            assertThat(new String(r.headers().lastHeader("custodia_event_id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(e.path("id").asString());
            // one partition per custodian, and within it the outbox order (first arrival of each event)
            assertThat(partitionByKey.computeIfAbsent(r.key(), k -> r.partition())).isEqualTo(r.partition());
            seqsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(e.path("seq").asLong());
        }
        seqsByKey.forEach((key, seqs) -> assertThat(seqs).as(key).isSorted());
        assertThat(partitionByKey.values()).hasSizeGreaterThan(1);
        // content opted in: the prompt and response text, read from the store
        JsonNode e = FeedFixtures.json(byId.values().iterator().next().value());
        String ws = e.path("workspaceId").asString();
        assertThat(e.path("content").path("responseText").asString()).isEqualTo(jdbc.queryForObject(
                "SELECT body FROM mail_item WHERE workspace_id = ? AND message_id = ?", String.class, ws,
                e.path("data").path("interaction").path("responseMessageId").asString()));
        assertThat(e.path("content").path("promptText").asString()).isEqualTo(jdbc.queryForObject(
                "SELECT body FROM mail_item WHERE workspace_id = ? AND message_id = ?", String.class, ws,
                e.path("data").path("interaction").path("promptMessageId").asString()));
    }

    private static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static Set<String> ids(List<String> lines) {
        Set<String> ids = new TreeSet<>();
        lines.forEach(l -> ids.add(FeedFixtures.json(l).path("id").asString()));
        return ids;
    }
}

package io.custodia.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;

import tools.jackson.databind.JsonNode;

/** The non-OCSF formats, the syslog framing, the webhook signature, and feed configuration checks. */
class FeedFormatsTest {

    private final FeedProperties props = new FeedProperties(Map.of(
            "siem", new FeedProperties.Feed("webhook", "http://127.0.0.1:9/in", "ocsf", null, null, null, "s3cret",
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)), null);
    private final FeedFormats formats = new FeedFormats(props, Fixtures.JSON);

    @Test
    void cefHasTheSevenHeaderFieldsAndEscapesItsValues() {
        String cef = formats.render(Fixtures.interaction(), Fixtures.feed("syslog", "tcp://127.0.0.1:514", "cef"));
        assertThat(cef).startsWith("CEF:0|Custodia|Custodia|0.1.0|interaction.captured|Interaction captured|1|rt="
                + Fixtures.AT.toEpochMilli() + " ");
        assertThat(cef).contains("suser=ana@example.com", "cs2Label=conversationId cs2=conv-1", "cs3Label=model cs3=gpt-4o",
                "app=ChatGPT Enterprise", "cn1Label=mailboxId cn1=42", "externalId=" + Fixtures.interaction().id());
        assertThat(CefFormat.extension("a=b\\c\nd")).isEqualTo("a\\=b\\\\c\\nd");
        assertThat(CefFormat.header("x|y\\z")).isEqualTo("x\\|y\\\\z");
        String health = formats.render(Fixtures.health(), Fixtures.feed("syslog", "tcp://127.0.0.1:514", "cef"));
        assertThat(health).contains("|source.health.changed|Source health changed|8|", "cs3Label=state cs3=DOWN",
                "cs4Label=error cs4=HTTP 503");
        assertThat(formats.render(Fixtures.unknown(), Fixtures.feed("syslog", "tcp://127.0.0.1:514", "cef")))
                .contains("|widget.frobbed|Widget frobbed|5|", "cs2Label=objectId cs2=w-1");
    }

    @Test
    void hecWrapsTheEventInASplunkEnvelope() {
        FeedProperties.Feed hec = Fixtures.feed("hec", "http://127.0.0.1:8088", "hec");
        JsonNode envelope = Fixtures.JSON.readTree(formats.render(Fixtures.interaction(), hec));
        assertThat(envelope.path("time").decimalValue()).isEqualByComparingTo(
                new java.math.BigDecimal(Fixtures.AT.toEpochMilli()).movePointLeft(3));
        assertThat(envelope.path("sourcetype").asString()).isEqualTo("custodia:event");
        assertThat(envelope.path("source").asString()).isEqualTo("custodia");
        assertThat(envelope.path("event").path("type").asString()).isEqualTo("interaction.captured");
        assertThat(envelope.path("fields").path("custodian").asString()).isEqualTo("ana@example.com");
        assertThat(FeedRoutes.hecUrl("https://splunk:8088")).isEqualTo("https://splunk:8088/services/collector/event");
        assertThat(FeedRoutes.hecUrl("https://splunk:8088/")).isEqualTo("https://splunk:8088/services/collector/event");
        assertThat(FeedRoutes.hecUrl("https://splunk:8088/services/collector/raw")).endsWith("/raw");
    }

    @Test
    void purviewUsesTheAuditRecordOrBuildsOne() {
        FeedProperties.Feed purview = Fixtures.feed("file", "target/x", "purview");
        assertThat(formats.render(Fixtures.interaction().withAuditRecord("{\"RecordType\":328}"), purview))
                .isEqualTo("{\"RecordType\":328}");
        JsonNode r = Fixtures.JSON.readTree(formats.render(Fixtures.unknown(), purview));
        assertThat(r.path("Operation").asString()).isEqualTo("widget.frobbed");
        assertThat(r.path("CreationTime").asString()).isEqualTo("2026-01-05T10:15:30");
        assertThat(r.path("UserId").asString()).isEqualTo("admin@example.com");
        assertThat(r.path("UserType").asInt()).isEqualTo(2);
        assertThat(r.path("EventData").path("widget").path("color").asString()).isEqualTo("blue");
    }

    @Test
    void custodiaJsonIsTheOutboxRowWithItsPayload() {
        JsonNode j = Fixtures.JSON.readTree(formats.render(Fixtures.interaction(), Fixtures.feed("kafka", "kafka://k:9092/t", "json")));
        assertThat(j.path("type").asString()).isEqualTo("interaction.captured");
        assertThat(j.path("seq").asLong()).isEqualTo(7);
        assertThat(j.path("mailboxId").asLong()).isEqualTo(42);
        assertThat(j.path("data").path("interaction").path("model").asString()).isEqualTo("gpt-4o");
        assertThat(j.path("data").path("auditRecordId").asString()).hasSize(36);
        assertThat(j.has("content")).isFalse();
    }

    @Test
    void syslogMessagesAreRfc5424InOctetCountingFrames() {
        SyslogFeeds syslog = new SyslogFeeds(props, formats, new DefaultSslBundleRegistry());
        String msg = syslog.message(Fixtures.health(), "CEF:0|x");
        assertThat(msg).matches("<107>1 2026-01-05T10:15:30\\.123Z \\S+ custodia - source\\.health\\.changed - CEF:0\\|x");
        String frame = SyslogFeeds.frame("<110>1 é");
        assertThat(frame).isEqualTo("9 <110>1 é"); // bytes, not characters
    }

    @Test
    void webhookBodiesAreSignedWithTheFeedSecret() throws Exception {
        var exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(FeedOutbox.FEED, "siem");
        exchange.getIn().setBody(Fixtures.interaction());
        formats.render(exchange);
        new WebhookSignature(props).sign(exchange);
        byte[] body = exchange.getIn().getBody(byte[].class);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(exchange.getIn().getHeader(WebhookSignature.HEADER))
                .isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body)));
        assertThat(exchange.getIn().getHeader(FeedFormats.EVENT_ID)).isEqualTo(Fixtures.interaction().id());
        // only receiver headers leave the hub
        FeedHttpHeaders filter = new FeedHttpHeaders();
        assertThat(filter.applyFilterToCamelHeaders("CustodiaFeed", "siem", exchange)).isTrue();
        assertThat(filter.applyFilterToCamelHeaders("X-Custodia-Signature", "x", exchange)).isFalse();
        assertThat(filter.applyFilterToCamelHeaders("Authorization", "Splunk t", exchange)).isFalse();
    }

    @Test
    void feedConfigurationIsCheckedWithPreciseMessages() {
        assertThatThrownBy(() -> Fixtures.feed("carrier-pigeon", "http://x", null))
                .hasMessageContaining("custodia.feeds.test.type must be one of [webhook, kafka, rabbitmq, hec, syslog, file]");
        assertThatThrownBy(() -> Fixtures.feed("webhook", null, null)).hasMessageContaining("custodia.feeds.test.url is required");
        assertThatThrownBy(() -> Fixtures.feed("webhook", "ftp://x/y", null)).hasMessageContaining("http/https URL");
        assertThatThrownBy(() -> Fixtures.feed("webhook", "http://x/y", "xml")).hasMessageContaining("format must be one of");
        FeedProperties.Feed f = Fixtures.feed("syslog", "tcp://user:pw@siem:514?token=abc", null);
        assertThat(f.format()).isEqualTo("cef");
        assertThat(f.toString()).doesNotContain("pw", "abc", "s3cret");
        assertThat(f.safeUrl()).isEqualTo("tcp://***@siem:514?***");
        assertThat(Fixtures.feed("file", null, null).url()).isEqualTo("data/feeds/test");
        assertThat(FeedRoutes.parameters(Fixtures.feed("kafka", "kafka://a:9092,b:9092/audit", null)))
                .containsEntry("brokers", "a:9092,b:9092").containsEntry("topic", "audit");
        // syslog over TLS: tls:// (RFC 5425) with an SSL bundle; a bundle anywhere else, or one that does not exist, is refused
        assertThat(Fixtures.feed("syslog", "tls://siem.example:6514", null).url()).isEqualTo("tls://siem.example:6514");
        assertThatThrownBy(() -> Fixtures.feed("syslog", "udp://siem:514", null)).hasMessageContaining("tcp/tls URL");
        assertThatThrownBy(() -> withBundle("syslog", "tcp://siem:514", "siem"))
                .hasMessageContaining("custodia.feeds.test.ssl-bundle applies to syslog feeds over tls:// only");
        assertThatThrownBy(() -> withBundle("webhook", "https://siem/in", "siem")).hasMessageContaining("ssl-bundle applies to");
        FeedProperties tls = new FeedProperties(Map.of("soc", withBundle("syslog", "tls://siem:6514", "siem")), null);
        assertThatThrownBy(() -> new SyslogFeeds(tls, formats, new DefaultSslBundleRegistry()))
                .hasMessageContaining("custodia.feeds.soc.ssl-bundle names no SSL bundle: 'siem' is not among spring.ssl.bundle.*");
    }

    private static FeedProperties.Feed withBundle(String type, String url, String bundle) {
        return new FeedProperties.Feed(type, url, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, bundle).checked("test");
    }
}

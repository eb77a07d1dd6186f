package io.custodia.feeds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real peers the feed tests deliver to, started once per test JVM before the hub: an HTTP receiver
 * (webhooks, Splunk HEC), a syslog TCP listener, an embedded Kafka broker (KRaft), a queue on the
 * machine's RabbitMQ (127.0.0.1:5672, guest/guest) bound to the feed's exchange, and two directories.
 */
final class FeedPeers {

    static final String SIEM = "/siem";
    static final String HOOKS = "/hooks";
    static final String FILTERED = "/filtered";
    static final String HEC = "/services/collector/event";
    static final String HEC_TOKEN = "6f1c2a9e-3b7d-4f0a-9c1e-2d8b5a7e4c11";
    static final String SIEM_SECRET = "siem-secret";
    static final String HOOK_SECRET = "hook-secret";
    static final String KAFKA_TOPIC = "custodia-test";
    /** How long the SIEM answers 500 from its first request on ("a minute" in the acceptance check). */
    static final Duration SIEM_OUTAGE = Duration.ofSeconds(Integer.getInteger("custodia.test.siem-outage-seconds", 20));

    static final HttpReceiver HTTP;
    static final SyslogListener SYSLOG;
    /** Syslog over TLS with a self-signed certificate for 127.0.0.1 ({@link #SYSLOG_TLS_CERT}, PEM). */
    static final SyslogListener SYSLOG_TLS;
    static final Path SYSLOG_TLS_CERT;
    static final EmbeddedKafkaKraftBroker KAFKA;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String RABBIT_EXCHANGE = "custodia.test." + RUN;
    static final String RABBIT_QUEUE = "custodia.test." + RUN;
    static final RabbitTemplate RABBIT;
    static final Path FILES;
    static final Path GAPS;
    static final AtomicReference<Instant> SIEM_FIRST_REQUEST = new AtomicReference<>();

    static {
        try {
            HTTP = new HttpReceiver();
            HTTP.respond(SIEM, r -> {
                SIEM_FIRST_REQUEST.compareAndSet(null, r.at());
                return r.at().isBefore(SIEM_FIRST_REQUEST.get().plus(SIEM_OUTAGE)) ? 500 : 200;
            });
            SYSLOG = new SyslogListener();
            Path tls = Files.createDirectories(Path.of("target", "test-feeds", RUN, "tls"));
            SYSLOG_TLS_CERT = tls.resolve("syslog.pem");
            SYSLOG_TLS = new SyslogListener(TlsServer.selfSigned(tls.resolve("syslog.p12"), SYSLOG_TLS_CERT));
            KAFKA = new EmbeddedKafkaKraftBroker(1, 3, KAFKA_TOPIC);
            KAFKA.afterPropertiesSet();
            CachingConnectionFactory cf = new CachingConnectionFactory("127.0.0.1", 5672);
            cf.setUsername("guest");
            cf.setPassword("guest");
            RabbitAdmin admin = new RabbitAdmin(cf);
            TopicExchange exchange = new TopicExchange(RABBIT_EXCHANGE, false, true);
            Queue queue = new Queue(RABBIT_QUEUE, false, false, false, Map.of("x-expires", 600_000));
            admin.declareExchange(exchange);
            admin.declareQueue(queue);
            admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("#"));
            RABBIT = new RabbitTemplate(cf);
            Path base = Path.of("target", "test-feeds", RUN);
            FILES = Files.createDirectories(base.resolve("files"));
            GAPS = Files.createDirectories(base.resolve("gaps"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FeedPeers() {
    }

    /** The hub's feed configuration for these peers. */
    static Map<String, Object> properties() {
        return Map.ofEntries(
                Map.entry("custodia.outbox.settle", "1s"),
                Map.entry("custodia.outbox.gap-timeout", "2m"),
                Map.entry("custodia.outbox.lease", "10s"),
                // the acceptance form: type, url and format only (plus the signing secret)
                Map.entry("custodia.feeds.siem.type", "webhook"),
                Map.entry("custodia.feeds.siem.url", HTTP.url(SIEM)),
                Map.entry("custodia.feeds.siem.format", "ocsf"),
                Map.entry("custodia.feeds.siem.secret", SIEM_SECRET),
                Map.entry("custodia.feeds.hooks.type", "webhook"),
                Map.entry("custodia.feeds.hooks.url", HTTP.url(HOOKS)),
                Map.entry("custodia.feeds.hooks.events", "test.hook"),
                Map.entry("custodia.feeds.hooks.secret", HOOK_SECRET),
                Map.entry("custodia.feeds.hooks.max-attempts", "3"),
                Map.entry("custodia.feeds.hooks.retry-delay", "50ms"),
                Map.entry("custodia.feeds.hooks.retry-max-delay", "100ms"),
                Map.entry("custodia.feeds.hooks.poll-interval", "200ms"),
                Map.entry("custodia.feeds.filtered.type", "webhook"),
                Map.entry("custodia.feeds.filtered.url", HTTP.url(FILTERED)),
                Map.entry("custodia.feeds.filtered.events", "test.filter,test.other"),
                Map.entry("custodia.feeds.filtered.min-severity", "medium"),
                Map.entry("custodia.feeds.filtered.workspaces", "ws-a"),
                Map.entry("custodia.feeds.filtered.poll-interval", "200ms"),
                Map.entry("custodia.feeds.splunk.type", "hec"),
                Map.entry("custodia.feeds.splunk.url", "http://127.0.0.1:" + HTTP.port()),
                Map.entry("custodia.feeds.splunk.secret", HEC_TOKEN),
                Map.entry("custodia.feeds.splunk.events", "interaction.captured"),
                Map.entry("custodia.feeds.splunk.index", "compliance"),
                Map.entry("custodia.feeds.syslog.type", "syslog"),
                Map.entry("custodia.feeds.syslog.url", "tcp://127.0.0.1:" + SYSLOG.port()),
                Map.entry("custodia.feeds.syslog.events", "interaction.captured"),
                // RFC 5425: one feed that trusts the listener's certificate (an SSL bundle), one that does not
                Map.entry("spring.ssl.bundle.pem.siem-syslog.truststore.certificate", "file:" + SYSLOG_TLS_CERT.toAbsolutePath()),
                Map.entry("custodia.feeds.syslogtls.type", "syslog"),
                Map.entry("custodia.feeds.syslogtls.url", "tls://127.0.0.1:" + SYSLOG_TLS.port()),
                Map.entry("custodia.feeds.syslogtls.ssl-bundle", "siem-syslog"),
                Map.entry("custodia.feeds.syslogtls.events", "interaction.captured"),
                Map.entry("custodia.feeds.untrusted.type", "syslog"),
                Map.entry("custodia.feeds.untrusted.url", "tls://127.0.0.1:" + SYSLOG_TLS.port()),
                Map.entry("custodia.feeds.untrusted.events", "interaction.captured"),
                Map.entry("custodia.feeds.untrusted.max-attempts", "2"),
                Map.entry("custodia.feeds.untrusted.retry-delay", "100ms"),
                Map.entry("custodia.feeds.files.type", "file"),
                Map.entry("custodia.feeds.files.url", FILES.toString()),
                Map.entry("custodia.feeds.files.events", "interaction.captured"),
                Map.entry("custodia.feeds.files.rotate-size", "64KB"),
                // a batch goes into one file whole: batches of 500 events (~0.5 MB, when the feed polls a backlog
                // that ingest wrote at once) gave one file per batch and, on a fast machine, only two files
                Map.entry("custodia.feeds.files.batch-size", "40"),
                Map.entry("custodia.feeds.gaps.type", "file"),
                Map.entry("custodia.feeds.gaps.url", GAPS.toString()),
                Map.entry("custodia.feeds.gaps.events", "test.gap"),
                Map.entry("custodia.feeds.gaps.poll-interval", "200ms"),
                Map.entry("custodia.feeds.rabbit.type", "rabbitmq"),
                Map.entry("custodia.feeds.rabbit.url", "amqp://guest:guest@127.0.0.1:5672"),
                Map.entry("custodia.feeds.rabbit.exchange", RABBIT_EXCHANGE),
                Map.entry("custodia.feeds.rabbit.format", "purview"),
                Map.entry("custodia.feeds.rabbit.events", "interaction.captured"),
                Map.entry("custodia.feeds.kafka.type", "kafka"),
                Map.entry("custodia.feeds.kafka.url", "kafka://" + KAFKA.getBrokersAsString() + "/" + KAFKA_TOPIC),
                Map.entry("custodia.feeds.kafka.events", "interaction.captured"),
                Map.entry("custodia.feeds.kafka.include-content", "true"));
    }
}

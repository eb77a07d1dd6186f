package io.custodia.feeds;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.sun.net.httpserver.HttpServer;

import io.custodia.CustodiaApplication;
import io.custodia.audit.Outbox;
import io.custodia.audit.OutboxEvent;
import io.custodia.audit.OutboxEvents;
import io.custodia.mailbox.ItemClasses;
import io.custodia.mailbox.ItemKind;
import io.custodia.mailbox.MailboxItem;

/**
 * {@code java -jar custodia.jar bench feeds [--events=N] [--types=webhook,hec,syslog,file,rabbitmq,kafka]
 * [--rabbitmq=amqp://guest:guest@127.0.0.1:5672] [--kafka=host:9092]}: delivery throughput per destination
 * type, in events per second, against receivers on this machine. Starts a hub (throw-away embedded
 * database, no collection) with one feed per type, publishes N interaction events per type to the outbox
 * and times them from publication until the receiver has them all. The ceiling is the hub's own side
 * measured in the same run: reading the outbox and rendering the events, no delivery. RabbitMQ is measured
 * when its broker answers, Kafka when {@code --kafka} names a broker.
 */
public final class FeedBench {

    private FeedBench() {
    }

    public static int run(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        int n = Integer.parseInt(opts.getOrDefault("events", "20000"));
        List<String> types = List.of(opts.getOrDefault("types", "webhook,hec,syslog,file,rabbitmq,kafka").split(","));
        String rabbit = opts.getOrDefault("rabbitmq", "amqp://guest:guest@127.0.0.1:5672");
        String kafka = opts.get("kafka");
        try (Peers peers = new Peers()) {
            List<String> hub = new ArrayList<>(List.of("--spring.config.location=classpath:/", "--server.port=0",
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--logging.level.io.custodia=WARN",
                    "--custodia.simulator.enabled=false", "--custodia.ingest.launch-on-startup=false",
                    "--custodia.workspaces[0].id=bench", "--custodia.workspaces[0].api-key=none",
                    "--custodia.workspaces[0].enabled=false", "--custodia.embedded-db.data-dir=target/bench-feeds/mariadb",
                    "--custodia.embedded-db.temporary=true", "--custodia.embedded-db.database=bench",
                    "--custodia.outbox.settle=100ms"));
            Map<String, LongSupplier> received = new LinkedHashMap<>();
            for (String type : types) {
                String url = switch (type) {
                    case "webhook" -> "http://127.0.0.1:" + peers.http.getAddress().getPort() + "/webhook";
                    case "hec" -> "http://127.0.0.1:" + peers.http.getAddress().getPort();
                    case "syslog" -> "tcp://127.0.0.1:" + peers.syslog.getLocalPort();
                    case "file" -> peers.dir.toString();
                    case "rabbitmq" -> peers.rabbit(rabbit) ? rabbit : null;
                    case "kafka" -> kafka == null ? null : "kafka://" + kafka + "/" + peers.kafkaTopic(kafka);
                    default -> throw new IllegalArgumentException("unknown destination type " + type);
                };
                if (url == null) {
                    System.out.println(type + ": skipped (" + ("kafka".equals(type) ? "no --kafka=host:port" : "no broker at " + FeedType.redact(rabbit)) + ")");
                    continue;
                }
                String p = "--custodia.feeds.b" + type + ".";
                hub.addAll(List.of(p + "type=" + type, p + "url=" + url, p + "events=bench." + type,
                        p + "poll-interval=100ms", p + "batch-size=500"));
                if (type.equals("rabbitmq")) {
                    hub.add(p + "exchange=" + peers.exchange);
                }
                received.put(type, switch (type) {
                    case "webhook" -> peers.webhook::get;
                    case "hec" -> peers.hec::get;
                    case "syslog" -> peers.frames::get;
                    case "file" -> peers::fileLines;
                    case "rabbitmq" -> peers::rabbitMessages;
                    default -> () -> peers.kafkaRecords(kafka);
                });
            }
            try (ConfigurableApplicationContext ctx = SpringApplication.run(CustodiaApplication.class, hub.toArray(String[]::new))) {
                Outbox outbox = ctx.getBean(Outbox.class);
                OutboxEvents events = ctx.getBean(OutboxEvents.class);
                System.out.printf("%-10s %8s %10s %10s%n", "type", "events", "seconds", "events/s");
                Map<String, Double> rates = new LinkedHashMap<>();
                for (Map.Entry<String, LongSupplier> t : received.entrySet()) {
                    long before = t.getValue().getAsLong();
                    long t0 = System.nanoTime();
                    publish(outbox, events, "bench." + t.getKey(), n);
                    long deadline = t0 + 600_000_000_000L;
                    while (t.getValue().getAsLong() - before < n) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException(t.getKey() + ": only " + (t.getValue().getAsLong() - before) + " of "
                                    + n + " events arrived within 10 minutes");
                        }
                        Thread.sleep(20);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    rates.put(t.getKey(), n / seconds);
                    System.out.printf("%-10s %8d %10.2f %10.0f%n", t.getKey(), n, seconds, n / seconds);
                }
                double ceiling = readAndRender(ctx, n);
                System.out.printf("%-10s %8d %10.2f %10.0f   (outbox read + render, no delivery)%n", "ceiling", n, n / ceiling, ceiling);
                StringBuilder last = new StringBuilder("feeds events/s:");
                rates.forEach((k, v) -> last.append(String.format(" %s %.0f (%.0f%%)", k, v, 100 * v / ceiling)));
                last.append(String.format(" of ceiling %.0f", ceiling));
                System.out.println(last);
            }
            return 0;
        } catch (Exception e) {
            System.err.println("bench feeds failed: " + e);
            return 1;
        }
    }

    /** N interaction-shaped events of the given type, published in batches as the ingest does. */
    private static void publish(Outbox outbox, OutboxEvents events, String type, int n) {
        List<OutboxEvent> batch = new ArrayList<>(500);
        Instant at = Instant.now();
        for (int i = 0; i < n; i++) {
            MailboxItem item = new MailboxItem("bench", type + "-" + i, "user-" + (i % 50), "user" + (i % 50) + "@example.com",
                    "conv-" + (i / 4), "title", at, false, "p-" + i, ItemKind.RESPONSE, ItemClasses.BROWSER,
                    ItemClasses.APP_NAME, "user@example.com", "title", "body", "00", at, "web", "gpt-4o", null, null, null,
                    null, "evt-" + i, List.of());
            OutboxEvent e = events.interactionCaptured(item, (long) (i % 50));
            batch.add(new OutboxEvent(e.id(), type, e.severity(), e.occurredAt(), e.workspaceId(), e.mailboxId(),
                    e.custodian(), e.payload()));
            if (batch.size() == 500) {
                outbox.publish(batch);
                batch.clear();
            }
        }
        outbox.publish(batch);
    }

    /** The hub-side ceiling: reading the whole outbox in feed batches and rendering each event as OCSF. */
    private static double readAndRender(ConfigurableApplicationContext ctx, int n) {
        FeedOutbox reader = ctx.getBean(FeedOutbox.class);
        FeedFormats formats = ctx.getBean(FeedFormats.class);
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        FeedProperties.Feed ocsf = new FeedProperties.Feed("file", "target/bench-feeds/none", "ocsf", null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .checked("ceiling");
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event", Long.class);
        long t0 = System.nanoTime();
        long rendered = 0;
        long cursor = 0;
        while (rendered < total) {
            List<FeedEvent> page = reader.page(cursor, 500);
            if (page.isEmpty()) {
                break;
            }
            for (FeedEvent e : page) {
                formats.render(e, ocsf);
            }
            rendered += page.size();
            cursor = page.get(page.size() - 1).seq();
        }
        return rendered / ((System.nanoTime() - t0) / 1e9);
    }

    /** Counting receivers on 127.0.0.1. */
    private static final class Peers implements AutoCloseable {
        final String run = Long.toString(System.currentTimeMillis(), 36);
        final HttpServer http;
        final ServerSocket syslog;
        final Path dir;
        final AtomicLong webhook = new AtomicLong();
        final AtomicLong hec = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final String exchange = "custodia.bench." + run;
        final String queue = "custodia.bench." + run;
        RabbitAdmin rabbitAdmin;
        CachingConnectionFactory rabbitConnection;
        Admin kafkaAdmin;

        Peers() throws IOException {
            // the JDK server writes headers and body separately: without TCP_NODELAY each response waits
            // for the client's delayed ACK (~40 ms), and the bench would measure that
            System.setProperty("sun.net.httpserver.nodelay", "true");
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            http.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (exchange.getRequestURI().getPath().equals("/webhook")) {
                    webhook.incrementAndGet();
                } else {
                    long lines = 0;
                    for (byte b : body) {
                        lines += b == '\n' ? 1 : 0;
                    }
                    hec.addAndGet(lines);
                }
                byte[] ok = "{\"text\":\"Success\",\"code\":0}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ok);
                }
            });
            http.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "bench-http");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            syslog = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::acceptSyslog, "bench-syslog");
            accept.setDaemon(true);
            accept.start();
            dir = Files.createDirectories(Path.of("target", "bench-feeds", "files-" + run));
        }

        private void acceptSyslog() {
            while (!syslog.isClosed()) {
                try {
                    Socket s = syslog.accept();
                    Thread t = new Thread(() -> countFrames(s), "bench-syslog-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void countFrames(Socket socket) {
            try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16)) {
                while (true) {
                    int length = 0;
                    int c;
                    while ((c = in.read()) != ' ') {
                        if (c < 0) {
                            return;
                        }
                        length = length * 10 + (c - '0');
                    }
                    in.skipNBytes(length);
                    frames.incrementAndGet();
                }
            } catch (IOException e) {
                // closed
            }
        }

        long fileLines() {
            long lines = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    try (Stream<String> l = Files.lines(f)) {
                        lines += l.count();
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return lines;
        }

        boolean rabbit(String url) {
            try {
                rabbitConnection = new CachingConnectionFactory(java.net.URI.create(url));
                rabbitAdmin = new RabbitAdmin(rabbitConnection);
                TopicExchange x = new TopicExchange(exchange, false, true);
                Queue q = new Queue(queue, false, false, false, Map.of("x-expires", 600_000));
                rabbitAdmin.declareExchange(x);
                rabbitAdmin.declareQueue(q);
                rabbitAdmin.declareBinding(BindingBuilder.bind(q).to(x).with("#"));
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        long rabbitMessages() {
            var info = rabbitAdmin.getQueueInfo(queue);
            return info == null ? 0 : info.getMessageCount();
        }

        /** Created ahead, as in production: a topic auto-created by the first send costs the first batch a retry. */
        String kafkaTopic(String brokers) {
            String topic = "custodia-bench-" + run;
            try {
                admin(brokers).createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the Kafka topic " + topic + " on " + brokers, e);
            }
            return topic;
        }

        private Admin admin(String brokers) {
            if (kafkaAdmin == null) {
                Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
                kafkaAdmin = Admin.create(p);
            }
            return kafkaAdmin;
        }

        long kafkaRecords(String brokers) {
            try {
                String topic = "custodia-bench-" + run;
                var partitions = admin(brokers).describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                long sum = 0;
                for (var o : kafkaAdmin.listOffsets(latest).all().get().values()) {
                    sum += o.offset();
                }
                return sum;
            } catch (Exception e) {
                return 0;
            }
        }

        @Override
        public void close() throws IOException {
            http.stop(0);
            syslog.close();
            if (rabbitAdmin != null) {
                rabbitAdmin.deleteQueue(queue);
                rabbitAdmin.deleteExchange(exchange);
                rabbitConnection.destroy();
            }
            if (kafkaAdmin != null) {
                kafkaAdmin.close();
            }
        }
    }
}

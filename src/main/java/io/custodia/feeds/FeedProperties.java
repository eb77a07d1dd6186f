package io.custodia.feeds;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.custodia.audit.EventTypes;

/**
 * Audit feeds ({@code custodia.feeds.<name>.*}) and the outbox reader settings ({@code custodia.outbox.*}).
 * A feed needs only a type and a URL; everything else has a default.
 */
@ConfigurationProperties("custodia")
public record FeedProperties(Map<String, Feed> feeds, OutboxSettings outbox) {

    public FeedProperties {
        Map<String, Feed> checked = new TreeMap<>();
        if (feeds != null) {
            feeds.forEach((name, feed) -> checked.put(name, (feed == null ? Feed.EMPTY : feed).checked(name)));
        }
        feeds = java.util.Collections.unmodifiableMap(checked);
        outbox = outbox != null ? outbox : new OutboxSettings(null, null, null, null);
    }

    public Feed feed(String name) {
        Feed feed = feeds.get(name);
        if (feed == null) {
            throw new IllegalArgumentException("no feed named " + name + "; configured: " + feeds.keySet());
        }
        return feed;
    }

    /**
     * @param settle     rows younger than this are left for the next poll: most transactions that took a
     *                   lower {@code seq} have committed by then, so fewer events arrive out of order
     * @param gapTimeout how long a missing {@code seq} below a cursor is re-checked before it is taken as a
     *                   rolled-back or duplicate insert; must exceed the longest transaction that publishes
     * @param lease      how long a hub node owns a feed without renewing (cluster: one deliverer per feed)
     * @param keep       delivered events stay in the outbox this long (then purged)
     */
    public record OutboxSettings(Duration settle, Duration gapTimeout, Duration lease, Duration keep) {
        public OutboxSettings {
            settle = settle != null ? settle : Duration.ofSeconds(2);
            gapTimeout = gapTimeout != null ? gapTimeout : Duration.ofMinutes(10);
            lease = lease != null ? lease : Duration.ofSeconds(30);
            keep = keep != null ? keep : Duration.ofDays(7);
        }
    }

    /**
     * One feed.
     *
     * @param type           webhook, kafka, rabbitmq, hec, syslog or file
     * @param url            where to: {@code https://…} (webhook, hec), {@code kafka://host:9092,host2:9092/topic},
     *                       {@code amqp://user:password@host:5672/vhost}, {@code tcp://host:514} or {@code tls://host:6514} (syslog, RFC 5425), a
     *                       directory (file)
     * @param format         json, ocsf, cef, hec or purview (default per type)
     * @param events         event types to deliver (empty: all)
     * @param minSeverity    lowest severity delivered (info … critical)
     * @param workspaces     workspace ids to deliver (empty: all; events without a workspace always pass)
     * @param secret         webhook HMAC key, Splunk HEC token, or broker password; never logged
     * @param includeContent render prompt and response text and conversation titles (off: metadata only)
     * @param enabled        deliver at all
     * @param batchSize      events read from the outbox per poll
     * @param pollInterval   pause between polls when the feed has caught up
     * @param maxAttempts    tries per event (per batch for batching destinations) before it is dead-lettered
     * @param retryDelay     first pause between tries; doubles each time
     * @param retryMaxDelay  longest pause between tries
     * @param topic          Kafka topic (default: the URL's path, else {@code custodia.audit})
     * @param exchange       RabbitMQ exchange (a durable topic exchange; the routing key is the event type)
     * @param index          Splunk index (default: the token's default index)
     * @param source         Splunk source
     * @param sourcetype     Splunk sourcetype (default per format)
     * @param rotateSize     file feed: start a new file past this size
     * @param rotateInterval file feed: start a new file after this long
     * @param startFrom      a new feed starts at the oldest event the outbox holds ({@code earliest}) or
     *                       with events published from now on ({@code latest})
     * @param sslBundle      syslog over {@code tls://}: the Spring Boot SSL bundle ({@code spring.ssl.bundle.*})
     *                       whose trust store verifies the server (and whose key store, if any, is the client's
     *                       certificate); without it the JVM's default trust store
     */
    public record Feed(String type, String url, String format, List<String> events, String minSeverity,
                       List<String> workspaces, String secret, Boolean includeContent, Boolean enabled,
                       Integer batchSize, Duration pollInterval, Integer maxAttempts, Duration retryDelay,
                       Duration retryMaxDelay, String topic, String exchange, String index, String source,
                       String sourcetype, DataSize rotateSize, Duration rotateInterval, String startFrom,
                       String sslBundle) {

        static final Feed EMPTY = new Feed(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);

        public Feed {
            events = events != null ? events.stream().map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
            workspaces = workspaces != null ? workspaces.stream().map(String::trim).filter(s -> !s.isEmpty()).toList()
                    : List.of();
            minSeverity = minSeverity != null ? minSeverity.trim().toLowerCase() : EventTypes.INFO;
            includeContent = includeContent != null && includeContent;
            enabled = enabled == null || enabled;
            batchSize = batchSize != null ? batchSize : 500;
            pollInterval = pollInterval != null ? pollInterval : Duration.ofSeconds(1);
            maxAttempts = maxAttempts != null ? maxAttempts : 12;
            retryDelay = retryDelay != null ? retryDelay : Duration.ofSeconds(1);
            retryMaxDelay = retryMaxDelay != null ? retryMaxDelay : Duration.ofSeconds(60);
            exchange = exchange != null ? exchange : "custodia.audit";
            source = source != null ? source : "custodia";
            rotateSize = rotateSize != null ? rotateSize : DataSize.ofMegabytes(100);
            rotateInterval = rotateInterval != null ? rotateInterval : Duration.ofDays(1);
            startFrom = startFrom != null ? startFrom.trim().toLowerCase() : "earliest";
        }

        /** Checks the feed and fills the defaults that depend on its type and name. */
        Feed checked(String name) {
            String where = "custodia.feeds." + name;
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(where + ": a feed name is 1-64 letters, digits, '-' or '_'");
            }
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException(where + ".type is required: one of " + FeedType.names());
            }
            FeedType t = FeedType.parse(type, where + ".type");
            FeedFormat f = format == null || format.isBlank() ? t.defaultFormat() : FeedFormat.parse(format, where + ".format");
            String u = url;
            if (u == null || u.isBlank()) {
                if (t != FeedType.FILE) {
                    throw new IllegalArgumentException(where + ".url is required for a " + t.id() + " feed, e.g. "
                            + t.example());
                }
                u = "data/feeds/" + name;
            }
            if (!EventTypes.SEVERITIES.contains(minSeverity)) {
                throw new IllegalArgumentException(where + ".min-severity must be one of " + EventTypes.SEVERITIES
                        + ", was " + minSeverity);
            }
            if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
                throw new IllegalArgumentException(where + ".start-from must be earliest or latest, was " + startFrom);
            }
            if (batchSize < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException(where + ": batch-size and max-attempts must be at least 1");
            }
            t.checkUrl(u, where + ".url");
            String bundle = sslBundle == null || sslBundle.isBlank() ? null : sslBundle.trim();
            if (bundle != null && !(t == FeedType.SYSLOG && u.trim().toLowerCase().startsWith("tls:"))) {
                throw new IllegalArgumentException(where + ".ssl-bundle applies to syslog feeds over tls:// only; the "
                        + t.id() + " feed's URL is " + FeedType.redact(u));
            }
            return new Feed(t.id(), u.trim(), f.id(), events, minSeverity, workspaces, secret, includeContent, enabled,
                    batchSize, pollInterval, maxAttempts, retryDelay, retryMaxDelay, topic, exchange, index, source,
                    sourcetype, rotateSize, rotateInterval, startFrom, bundle);
        }

        public FeedType feedType() {
            return FeedType.parse(type, "type");
        }

        public FeedFormat feedFormat() {
            return FeedFormat.parse(format, "format");
        }

        /** Whether the feed delivers an event of this type, severity and workspace. */
        public boolean accepts(String eventType, String severity, String workspaceId) {
            return (events.isEmpty() || events.contains(eventType))
                    && EventTypes.rank(severity) >= EventTypes.rank(minSeverity)
                    && (workspaces.isEmpty() || workspaceId == null || workspaces.contains(workspaceId));
        }

        /** The URL without user info or query string: safe to show and log. */
        public String safeUrl() {
            return FeedType.redact(url);
        }

        @Override
        public String toString() { // never print the secret
            return "Feed[type=" + type + ", url=" + safeUrl() + ", format=" + format + ", events=" + events
                    + ", minSeverity=" + minSeverity + ", workspaces=" + workspaces + "]";
        }
    }
}

package io.custodia.feeds;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/** Where a feed delivers; each type is a route template in {@code routes/feeds/}. */
public enum FeedType {
    WEBHOOK("webhook", FeedFormat.JSON, "https://siem.example/in"),
    KAFKA("kafka", FeedFormat.JSON, "kafka://broker1:9092,broker2:9092/custodia.audit"),
    RABBITMQ("rabbitmq", FeedFormat.JSON, "amqp://custodia@mq.example:5672/%2F"),
    HEC("hec", FeedFormat.HEC, "https://splunk.example:8088"),
    SYSLOG("syslog", FeedFormat.CEF, "tls://siem.example:6514"),
    FILE("file", FeedFormat.JSON, "/var/log/custodia/feeds");

    private final String id;
    private final FeedFormat defaultFormat;
    private final String example;

    FeedType(String id, FeedFormat defaultFormat, String example) {
        this.id = id;
        this.defaultFormat = defaultFormat;
        this.example = example;
    }

    public String id() {
        return id;
    }

    public FeedFormat defaultFormat() {
        return defaultFormat;
    }

    String example() {
        return example;
    }

    /** The route template that delivers feeds of this type. */
    public String template() {
        return "feed-" + id;
    }

    void checkUrl(String url, String where) {
        if (this == FILE) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not a valid URL (" + e.getMessage() + "), e.g. " + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        List<String> schemes = switch (this) {
            case WEBHOOK, HEC -> List.of("http", "https");
            case KAFKA -> List.of("kafka");
            case RABBITMQ -> List.of("amqp", "amqps");
            case SYSLOG -> List.of("tcp", "tls");
            case FILE -> List.of();
        };
        if (!schemes.contains(scheme) || (uri.getHost() == null && uri.getAuthority() == null)) {
            throw new IllegalArgumentException(where + " must be a " + String.join("/", schemes) + " URL with a host, e.g. "
                    + example + "; was " + redact(url));
        }
    }

    static FeedType parse(String value, String where) {
        for (FeedType t : values()) {
            if (t.id.equalsIgnoreCase(value.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException(where + " must be one of " + names() + ", was " + value);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(FeedType::id).toList();
    }

    /** A URL without user info and query string (where tokens and passwords hide). */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        String s = url.replaceAll("//[^/@?#]*@", "//***@");
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?***";
    }
}

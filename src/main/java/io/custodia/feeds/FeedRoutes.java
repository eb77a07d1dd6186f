package io.custodia.feeds;

import java.net.URI;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Instantiates a route from the template of its type ({@code routes/feeds/feed-<type>.yaml}) for every
 * enabled feed in {@code custodia.feeds}: adding a feed is configuration. Template parameters carry only
 * what the route itself needs; secrets stay in the beans, out of the route model.
 */
@Component
class FeedRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FeedRoutes.class);

    private final FeedProperties props;
    private final FeedStats stats;
    private final NamedParameterJdbcTemplate jdbc;

    FeedRoutes(FeedProperties props, FeedStats stats, NamedParameterJdbcTemplate jdbc) {
        this.props = props;
        this.stats = stats;
        this.jdbc = jdbc;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        // templates are loaded from routes/feeds/ when the context starts
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        props.feeds().forEach((name, feed) -> {
            if (!feed.enabled()) {
                log.info("Feed {} is disabled", name);
                return;
            }
            loadCounters(name);
            TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(context, feed.feedType().template())
                    .routeId("feed-" + name)
                    .parameter("feed", name)
                    .parameter("period", Long.toString(Math.max(1, feed.pollInterval().toMillis())))
                    .parameter("retryDelay", Long.toString(feed.retryDelay().toMillis()))
                    .parameter("retryMaxDelay", Long.toString(feed.retryMaxDelay().toMillis()));
            parameters(feed).forEach(route::parameter);
            route.add();
            log.info("Feed {}: {} to {} as {}, events {}, min severity {}{}", name, feed.type(), feed.safeUrl(),
                    feed.format(), feed.events().isEmpty() ? "all" : feed.events(), feed.minSeverity(),
                    feed.workspaces().isEmpty() ? "" : ", workspaces " + feed.workspaces());
        });
    }

    /** The type-specific template parameters. */
    static Map<String, String> parameters(FeedProperties.Feed feed) {
        return switch (feed.feedType()) {
            case WEBHOOK -> Map.of("url", feed.url());
            case HEC -> Map.of("url", hecUrl(feed.url()));
            case KAFKA -> {
                URI uri = URI.create(feed.url());
                String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
                String topic = feed.topic() != null ? feed.topic() : !path.isEmpty() ? path : "custodia.audit";
                yield Map.of("brokers", uri.getRawAuthority(), "topic", topic);
            }
            case FILE -> Map.of("directory", feed.url());
            case RABBITMQ, SYSLOG -> Map.of();
        };
    }

    /** The event endpoint of a HEC base URL ({@code https://splunk:8088} → {@code …/services/collector/event}). */
    static String hecUrl(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return url.replaceFirst("/?(\\?.*)?$", "/services/collector/event$1");
        }
        return url;
    }

    private void loadCounters(String name) {
        jdbc.query("SELECT delivered, retried, dead_lettered FROM feed_cursor WHERE feed = :feed", Map.of("feed", name),
                rs -> {
                    stats.start(name, rs.getLong(1), rs.getLong(2), rs.getLong(3));
                });
    }
}

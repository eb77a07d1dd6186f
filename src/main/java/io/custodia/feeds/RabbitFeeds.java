package io.custodia.feeds;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * RabbitMQ destination through Spring AMQP (the Camel RabbitMQ components are not available here).
 * Each feed publishes to a durable topic exchange (declared if missing) with the event type as routing
 * key, persistent messages whose {@code message_id} is the event id, and waits for the broker's
 * publisher confirms of the whole batch before the batch counts as delivered. One channel per batch
 * keeps each custodian's events in order.
 */
@Component("rabbitFeeds")
public class RabbitFeeds {

    private static final long CONFIRM_TIMEOUT_MS = 30_000;

    private final FeedProperties props;
    private final FeedFormats formats;
    private final Map<String, RabbitTemplate> templates = new ConcurrentHashMap<>();

    public RabbitFeeds(FeedProperties props, FeedFormats formats) {
        this.props = props;
        this.formats = formats;
    }

    public void send(Exchange exchange) {
        String name = exchange.getIn().getHeader(FeedOutbox.FEED, String.class);
        FeedProperties.Feed feed = props.feed(name);
        var rendered = formats.renderAll(exchange);
        if (rendered.isEmpty()) {
            return;
        }
        RabbitTemplate template = templates.computeIfAbsent(name, n -> template(feed));
        String contentType = FeedFormats.contentType(feed.feedFormat());
        template.invoke(ops -> {
            for (FeedFormats.Rendered r : rendered) {
                MessageProperties p = new MessageProperties();
                p.setMessageId(r.event().id());
                p.setContentType(contentType.substring(0, contentType.indexOf(';')));
                p.setContentEncoding("utf-8");
                p.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                p.setTimestamp(java.util.Date.from(r.event().occurredAt()));
                p.setType(r.event().type());
                p.setHeader("x-custodia-event-type", r.event().type());
                p.setHeader("x-custodia-severity", r.event().severity());
                if (r.event().custodian() != null) {
                    p.setHeader("x-custodia-custodian", r.event().custodian());
                }
                ops.send(feed.exchange(), r.event().type(), new Message(r.text().getBytes(StandardCharsets.UTF_8), p));
            }
            ops.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
            return null;
        });
    }

    private static RabbitTemplate template(FeedProperties.Feed feed) {
        CachingConnectionFactory cf = new CachingConnectionFactory(URI.create(feed.url()));
        if (feed.secret() != null && !feed.secret().isEmpty()) {
            cf.setPassword(feed.secret());
        }
        cf.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        cf.setConnectionNameStrategy(f -> "custodia-feed");
        RabbitTemplate template = new RabbitTemplate(cf);
        try { // an exchange the broker's operators declared is used as it is
            template.execute(channel -> channel.exchangeDeclarePassive(feed.exchange()));
        } catch (AmqpException missing) {
            new RabbitAdmin(cf).declareExchange(new TopicExchange(feed.exchange(), true, false));
        }
        return template;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        templates.values().forEach(t -> ((CachingConnectionFactory) t.getConnectionFactory()).destroy());
        templates.clear();
    }
}

package io.custodia.feeds;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

import io.custodia.CustodiaApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders events in a feed's format and packs them for its destination. Route steps: {@link #render}
 * for destinations that take one event per request (webhook); {@link #hecBody}, {@link #kafkaRecords}
 * and {@link #lines} for those that take a whole batch. An event that cannot be rendered is
 * dead-lettered with the reason at once (retrying cannot help); the rest of the batch goes on.
 */
@Component("feedFormats")
public class FeedFormats {

    public static final String EVENT_ID = "X-Custodia-Event-Id";
    public static final String EVENT_TYPE = "X-Custodia-Event-Type";

    /** An event and its rendering. */
    public record Rendered(FeedEvent event, String text) {
    }

    private final FeedProperties props;
    private final CustodiaJsonFormat custodia;
    private final OcsfFormat ocsf;
    private final CefFormat cef;
    private final PurviewFormat purview;
    private final HecEnvelope hec;

    public FeedFormats(FeedProperties props, JsonMapper json) {
        this.props = props;
        String version = version();
        this.custodia = new CustodiaJsonFormat(json);
        this.ocsf = new OcsfFormat(json, version);
        this.cef = new CefFormat(version);
        this.purview = new PurviewFormat(json);
        this.hec = new HecEnvelope(json, host());
    }

    /** One event in the feed's format. */
    public String render(FeedEvent e, FeedProperties.Feed feed) {
        FeedFormat format = feed.feedFormat();
        return switch (format) {
            case JSON -> custodia.render(e);
            case OCSF -> ocsf.render(e);
            case CEF -> cef.render(e);
            case PURVIEW -> purview.render(e);
            case HEC -> hec.wrap(e, feed, custodia.render(e), FeedFormat.JSON);
        };
    }

    public static String contentType(FeedFormat format) {
        return format.isJson() ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
    }

    // ------------------------------------------------------------------ one event per request

    /** Body {@link FeedEvent} → its rendering, with the event id and type as headers. */
    public void render(Exchange exchange) {
        FeedEvent e = exchange.getIn().getBody(FeedEvent.class);
        exchange.setProperty(FeedOutbox.EVENT, e);
        FeedProperties.Feed feed = feed(exchange);
        Message in = exchange.getIn();
        in.setBody(render(e, feed));
        in.setHeader(Exchange.CONTENT_TYPE, contentType(feed.feedFormat()));
        in.setHeader(EVENT_ID, e.id());
        in.setHeader(EVENT_TYPE, e.type());
    }

    // ------------------------------------------------------------------ whole batches

    /** The batch's pending events rendered; those that cannot be are dead-lettered. Marks the batch as sending. */
    public List<Rendered> renderAll(Exchange exchange) {
        FeedBatch batch = exchange.getProperty(FeedOutbox.BATCH, FeedBatch.class);
        FeedProperties.Feed feed = props.feed(batch.feed());
        List<Rendered> out = new ArrayList<>();
        for (FeedEvent e : batch.pending()) {
            try {
                out.add(new Rendered(e, render(e, feed)));
            } catch (RuntimeException ex) {
                batch.deadLetter(e, 1, "cannot render as " + feed.format() + ": " + ex);
            }
        }
        exchange.setProperty(FeedOutbox.SENDING, true);
        return out;
    }

    /** Body: the batch as concatenated HEC envelopes; the HEC token as {@code Authorization}. */
    public void hecBody(Exchange exchange) {
        FeedProperties.Feed feed = feed(exchange);
        StringBuilder body = new StringBuilder();
        for (Rendered r : renderAll(exchange)) {
            String envelope = feed.feedFormat() == FeedFormat.HEC ? r.text() : hec.wrap(r.event(), feed, r.text(), feed.feedFormat());
            body.append(envelope).append('\n');
        }
        Message in = exchange.getIn();
        in.setBody(body.toString());
        in.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        if (feed.secret() != null && !feed.secret().isBlank()) {
            in.setHeader("Authorization", "Splunk " + feed.secret());
        }
    }

    /** Body: one Kafka record per event, keyed by custodian so each custodian's events stay in order. */
    public void kafkaRecords(Exchange exchange) {
        List<Message> records = new ArrayList<>();
        for (Rendered r : renderAll(exchange)) {
            Message m = new DefaultMessage(exchange.getContext());
            m.setBody(r.text());
            m.setHeader(KafkaConstants.KEY, r.event().orderingKey());
            m.setHeader("custodia_event_id", r.event().id());
            m.setHeader("custodia_event_type", r.event().type());
            records.add(m);
        }
        exchange.getIn().setBody(records);
    }

    /** Body: one line per event (JSON lines, or CEF lines), for the file destination. */
    public void lines(Exchange exchange) {
        StringBuilder body = new StringBuilder();
        for (Rendered r : renderAll(exchange)) {
            body.append(r.text().replace("\r", "").replace("\n", " ")).append('\n');
        }
        exchange.getIn().setBody(body.toString());
    }

    private FeedProperties.Feed feed(Exchange exchange) {
        return props.feed(exchange.getIn().getHeader(FeedOutbox.FEED, String.class));
    }

    static String version() {
        String v = CustodiaApplication.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "custodia";
        }
    }
}

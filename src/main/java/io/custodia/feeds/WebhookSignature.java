package io.custodia.feeds;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Signs webhook bodies: {@code X-Custodia-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes,
 * keyed with the feed's secret>}. A receiver recomputes it over the raw body and compares in constant
 * time; with the event id header it can also drop duplicates (delivery is at least once).
 */
@Component("webhookSignature")
public class WebhookSignature {

    public static final String HEADER = "X-Custodia-Signature";

    private final FeedProperties props;

    public WebhookSignature(FeedProperties props) {
        this.props = props;
    }

    public void sign(Exchange exchange) {
        FeedProperties.Feed feed = props.feed(exchange.getIn().getHeader(FeedOutbox.FEED, String.class));
        if (feed.secret() == null || feed.secret().isEmpty()) {
            exchange.getIn().removeHeader(HEADER);
            return;
        }
        byte[] body = exchange.getIn().getBody(String.class).getBytes(StandardCharsets.UTF_8);
        exchange.getIn().setBody(body); // sent exactly as signed
        exchange.getIn().setHeader(HEADER, "sha256=" + hmac(feed.secret(), body));
    }

    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

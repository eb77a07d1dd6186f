package io.custodia.feeds;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.apache.camel.Exchange;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.stereotype.Component;

import io.custodia.audit.EventTypes;

/**
 * Syslog over TCP ({@code tcp://}) or TLS ({@code tls://}, RFC 5425): RFC 5424 messages in RFC 6587 octet-counting
 * frames ({@code <length> SP <message>}), one persistent connection per feed, reopened after an error. Written by
 * hand because no served library does it (camel-syslog is not available here) and it is a few lines over a socket.
 * TLS uses the feed's Spring Boot SSL bundle ({@code ssl-bundle}: trust store, and a key store for a client
 * certificate) or the JVM's default trust store, and verifies the server's name against its certificate.
 * <p>
 * Message: {@code <PRI>1 TIMESTAMP HOSTNAME custodia - MSGID - MSG}, facility 13 (log audit), the
 * severity from the event, MSGID the event type, MSG the event in the feed's format (CEF by default).
 * TCP has no application-level acknowledgement: a batch counts as delivered once written and flushed.
 */
@Component("syslogFeeds")
public class SyslogFeeds {

    static final int FACILITY_LOG_AUDIT = 13;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final FeedProperties props;
    private final FeedFormats formats;
    private final String host = FeedFormats.host();
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final SslBundles sslBundles;

    public SyslogFeeds(FeedProperties props, FeedFormats formats, SslBundles sslBundles) {
        this.props = props;
        this.formats = formats;
        this.sslBundles = sslBundles;
        // a misspelt bundle stops the start-up, rather than every delivery later
        props.feeds().forEach((name, feed) -> {
            if (feed.sslBundle() != null && !sslBundles.getBundleNames().contains(feed.sslBundle())) {
                throw new IllegalArgumentException("custodia.feeds." + name + ".ssl-bundle names no SSL bundle: '"
                        + feed.sslBundle() + "' is not among spring.ssl.bundle.* " + sslBundles.getBundleNames());
            }
        });
    }

    public void send(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(FeedOutbox.FEED, String.class);
        var rendered = formats.renderAll(exchange);
        if (rendered.isEmpty()) {
            return;
        }
        StringBuilder frames = new StringBuilder();
        for (FeedFormats.Rendered r : rendered) {
            frames.append(frame(message(r.event(), r.text())));
        }
        Socket socket = sockets.get(name);
        try {
            if (socket == null || socket.isClosed()) {
                socket = connect(props.feed(name));
                sockets.put(name, socket);
            }
            OutputStream out = socket.getOutputStream();
            out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            close(name);
            throw e;
        }
    }

    /** The RFC 5424 message of an event. */
    String message(FeedEvent e, String text) {
        int pri = FACILITY_LOG_AUDIT * 8 + severity(e.severity());
        String msgId = e.type().length() > 32 ? e.type().substring(0, 32) : e.type();
        return "<" + pri + ">1 " + TIMESTAMP.format(e.occurredAt()) + " " + host + " custodia - " + msgId + " - "
                + text.replace("\n", " ");
    }

    /** RFC 6587 octet counting: the length in bytes of the message, a space, the message. */
    static String frame(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }

    /** Syslog severity: 2 critical, 3 error, 4 warning, 5 notice, 6 informational. */
    static int severity(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase()) {
            case EventTypes.CRITICAL -> 2;
            case EventTypes.HIGH -> 3;
            case EventTypes.MEDIUM -> 4;
            case EventTypes.LOW -> 5;
            default -> 6;
        };
    }

    private Socket connect(FeedProperties.Feed feed) throws IOException {
        URI uri = URI.create(feed.url());
        boolean tls = "tls".equalsIgnoreCase(uri.getScheme());
        SslBundle bundle = feed.sslBundle() == null ? null : sslBundles.getBundle(feed.sslBundle());
        Socket s = tls ? tlsContext(bundle).getSocketFactory().createSocket() : new Socket();
        s.setKeepAlive(true);
        s.setTcpNoDelay(true);
        try {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 6514 : 514), 10_000);
            if (s instanceof SSLSocket ssl) {
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host of the URL
                if (bundle != null && bundle.getOptions().getEnabledProtocols() != null) {
                    params.setProtocols(bundle.getOptions().getEnabledProtocols());
                }
                if (bundle != null && bundle.getOptions().getCiphers() != null) {
                    params.setCipherSuites(bundle.getOptions().getCiphers());
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(10_000); // a server that accepts but never answers the handshake
                ssl.startHandshake(); // fails here, with the reason, rather than on the first write
                ssl.setSoTimeout(0);
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The bundle's TLS context, or the JVM's default one (its trust store). */
    private static SSLContext tlsContext(SslBundle bundle) throws IOException {
        if (bundle != null) {
            return bundle.createSslContext();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context in this JVM", e);
        }
    }

    private void close(String name) {
        Socket s = sockets.remove(name);
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    @jakarta.annotation.PreDestroy
    void closeAll() {
        sockets.keySet().forEach(this::close);
    }
}

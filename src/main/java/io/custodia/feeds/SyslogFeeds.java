package io.custodia.feeds;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.custodia.audit.EventTypes;

/**
 * Syslog over TCP: RFC 5424 messages in RFC 6587 octet-counting frames ({@code <length> SP <message>}),
 * one persistent connection per feed, reopened after an error. Written by hand because no served
 * library does it (camel-syslog is not available here) and it is a few lines over a socket.
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

    public SyslogFeeds(FeedProperties props, FeedFormats formats) {
        this.props = props;
        this.formats = formats;
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

    private static Socket connect(FeedProperties.Feed feed) throws IOException {
        URI uri = URI.create(feed.url());
        Socket s = new Socket();
        s.setKeepAlive(true);
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 514), 10_000);
        return s;
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

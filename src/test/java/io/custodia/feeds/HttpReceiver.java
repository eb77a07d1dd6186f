package io.custodia.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP receiver on 127.0.0.1 (the JDK's HttpServer): records every request and answers with
 * the status its responder chooses, so a test can make a destination fail for a while and recover.
 */
final class HttpReceiver implements AutoCloseable {

    /** One request as received, with the status it was answered with. */
    record Request(String path, Map<String, String> headers, byte[] body, Instant at, int status) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, ToIntFunction<Request>> responders = new java.util.concurrent.ConcurrentHashMap<>();

    HttpReceiver() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // no delayed-ACK stall per response
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Request probe = new Request(path, headers, body, Instant.now(), 0);
            int status = responders.getOrDefault(path, r -> 200).applyAsInt(probe);
            synchronized (requests) {
                requests.add(new Request(path, headers, body, probe.at(), status));
            }
            byte[] reply = (status < 300 ? "{\"text\":\"Success\",\"code\":0}" : "{\"error\":\"unavailable\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** How requests to a path are answered (default 200). */
    void respond(String path, ToIntFunction<Request> responder) {
        responders.put(path, responder);
    }

    /** Every request to the path, in arrival order, failed ones included. */
    List<Request> requests(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    List<Request> accepted(String path) {
        return requests(path).stream().filter(Request::ok).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

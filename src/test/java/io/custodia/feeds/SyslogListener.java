package io.custodia.feeds;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A syslog TCP (or TLS) listener on 127.0.0.1 that reads RFC 6587 octet-counted frames. */
final class SyslogListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    SyslogListener() throws IOException {
        this(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
    }

    /** Listens on a socket of the caller's (a TLS server socket: RFC 5425). */
    SyslogListener(ServerSocket socket) {
        server = socket;
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread reader = new Thread(() -> read(s), "syslog-listener-conn");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "syslog-listener");
        accept.setDaemon(true);
        accept.start();
    }

    private void read(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream())) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        return;
                    }
                    if (c < '0' || c > '9') {
                        synchronized (messages) {
                            errors.add("not an octet-counting frame: byte " + c);
                        }
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] frame = in.readNBytes(length);
                if (frame.length < length) {
                    return;
                }
                synchronized (messages) {
                    messages.add(new String(frame, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // connection closed
        }
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    List<String> errors() {
        synchronized (messages) {
            return List.copyOf(errors);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

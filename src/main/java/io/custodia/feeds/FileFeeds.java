package io.custodia.feeds;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rotation of file feeds: each batch is appended (camel-file, {@code fileExist=Append}, synced to disk)
 * to {@code <feed>-<yyyyMMdd-HHmmss-SSS>.jsonl} ({@code .cef} for CEF) in the feed's directory; a new
 * file starts when the current one passes {@code rotate-size} or gets older than {@code rotate-interval}.
 * Names sort by time; after a restart the newest file is continued while it is within both limits.
 */
@Component("fileFeeds")
public class FileFeeds {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private record Current(String name, Instant openedAt, long size) {
    }

    private final FeedProperties props;
    private final Map<String, Current> current = new ConcurrentHashMap<>();

    public FileFeeds(FeedProperties props) {
        this.props = props;
    }

    /** Sets {@code CamelFileName} for the batch in the body (a string of lines). */
    public void target(Exchange exchange) throws IOException {
        String feedName = exchange.getIn().getHeader(FeedOutbox.FEED, String.class);
        FeedProperties.Feed feed = props.feed(feedName);
        long bytes = exchange.getIn().getBody(String.class).getBytes(StandardCharsets.UTF_8).length;
        Current c = current.computeIfAbsent(feedName, n -> newest(feed, n));
        Instant now = Instant.now();
        if (c == null || (c.size() > 0 && c.size() + bytes > feed.rotateSize().toBytes())
                || now.isAfter(c.openedAt().plus(feed.rotateInterval()))) {
            String name;
            Instant at = now;
            do { // a name never seen before, even for several rotations within one millisecond
                name = feedName + "-" + STAMP.format(at) + extension(feed);
                at = at.plusMillis(1);
            } while ((c != null && name.compareTo(c.name()) <= 0) || Files.exists(Path.of(feed.url(), name)));
            c = new Current(name, now, 0);
        }
        current.put(feedName, new Current(c.name(), c.openedAt(), c.size() + bytes));
        exchange.getIn().setHeader(Exchange.FILE_NAME, c.name());
    }

    private static Current newest(FeedProperties.Feed feed, String feedName) {
        Path dir = Path.of(feed.url());
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::getFileName).map(Path::toString)
                    .filter(n -> n.startsWith(feedName + "-") && n.endsWith(extension(feed)))
                    .max(String::compareTo)
                    .map(n -> {
                        File f = dir.resolve(n).toFile();
                        return new Current(n, Instant.ofEpochMilli(f.lastModified()), f.length());
                    }).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String extension(FeedProperties.Feed feed) {
        return feed.feedFormat() == FeedFormat.CEF ? ".cef" : ".jsonl";
    }
}

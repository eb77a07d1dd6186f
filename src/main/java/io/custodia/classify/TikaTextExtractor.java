package io.custodia.classify;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Text and metadata of uploaded files with Apache Tika, within bounds: files above the size limit are
 * not parsed, text stops at the character limit, a parse that exceeds the time limit is abandoned,
 * and encrypted or corrupt files (including zip bombs, which Tika detects) are recorded with the
 * reason. Nothing here throws: a bad file is a status, never a failed job.
 */
@Component
public class TikaTextExtractor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TikaTextExtractor.class);

    private final ExtractionProperties props;
    private final Parser parser = new AutoDetectParser();
    private final ExecutorService executor;

    public TikaTextExtractor(ExtractionProperties props) {
        this.props = props;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "tika-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
    }

    public Extraction extract(byte[] content, String fileName, String declaredType) {
        if (content == null) {
            return Extraction.failed(Extraction.UNAVAILABLE, "no content");
        }
        if (content.length > props.maxFileSize().toBytes()) {
            return Extraction.failed(Extraction.TOO_LARGE, content.length + " bytes exceed the limit of "
                    + props.maxFileSize().toBytes() + " (custodia.extraction.max-file-size)");
        }
        Future<Extraction> future = executor.submit(() -> parse(content, fileName, declaredType));
        try {
            return future.get(props.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Extraction.failed(Extraction.TIMEOUT, "parsing took longer than " + props.timeout()
                    + " (custodia.extraction.timeout)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return Extraction.failed(Extraction.TIMEOUT, "interrupted");
        } catch (ExecutionException e) {
            return Extraction.failed(Extraction.CORRUPT, describe(e.getCause()));
        }
    }

    private Extraction parse(byte[] content, String fileName, String declaredType) {
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        if (declaredType != null) {
            metadata.set(Metadata.CONTENT_TYPE, declaredType);
        }
        BodyContentHandler handler = new BodyContentHandler(props.maxTextChars());
        String detail = null;
        try (InputStream in = new ByteArrayInputStream(content)) {
            parser.parse(in, handler, metadata, new ParseContext());
        } catch (EncryptedDocumentException e) {
            return new Extraction(Extraction.ENCRYPTED, null, "password protected: " + describe(e),
                    metadata.get(Metadata.CONTENT_TYPE), flatten(metadata));
        } catch (ZeroByteFileException e) {
            return new Extraction(Extraction.EMPTY, "", "zero-byte file", metadata.get(Metadata.CONTENT_TYPE), Map.of());
        } catch (Exception e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                detail = "text truncated at " + props.maxTextChars() + " characters (custodia.extraction.max-text-chars)";
            } else if (e instanceof TikaException || e instanceof java.io.IOException || e instanceof org.xml.sax.SAXException) {
                return new Extraction(Extraction.CORRUPT, null, describe(e), metadata.get(Metadata.CONTENT_TYPE),
                        flatten(metadata));
            } else {
                log.debug("Unexpected failure extracting {}", fileName, e);
                return new Extraction(Extraction.CORRUPT, null, describe(e), metadata.get(Metadata.CONTENT_TYPE),
                        flatten(metadata));
            }
        }
        String text = handler.toString().strip();
        return new Extraction(text.isEmpty() ? Extraction.EMPTY : Extraction.EXTRACTED, text, detail,
                metadata.get(Metadata.CONTENT_TYPE), flatten(metadata));
    }

    static Map<String, String> flatten(Metadata metadata) {
        Map<String, String> m = new TreeMap<>();
        for (String name : metadata.names()) {
            m.put(name, String.join("; ", metadata.getValues(name)));
        }
        return m;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (root != e) {
            msg += " (caused by " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return msg.length() > 1000 ? msg.substring(0, 1000) : msg;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

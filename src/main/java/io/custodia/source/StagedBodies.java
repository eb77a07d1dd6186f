package io.custodia.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How the body of a staged log file is stored ({@code staged_log_file.body} + {@code body_encoding}):
 * gzip at the fastest level for what the hub stages, {@code identity} for rows staged before (or by hand).
 * Compressing costs less than sending the plain bytes as an escaped text-protocol parameter and storing them
 * (the ingest bench prints the staged size, plain and stored).
 */
public final class StagedBodies {

    public static final String GZIP = "gzip";
    public static final String IDENTITY = "identity";

    /** A body as stored. */
    public record Encoded(byte[] bytes, String encoding) {
    }

    private StagedBodies() {
    }

    public static Encoded encode(byte[] body) {
        if (body.length == 0) {
            return new Encoded(body, IDENTITY);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 6 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return new Encoded(out.toByteArray(), GZIP);
    }

    /** The plain bytes of a stored body, as a stream. */
    public static InputStream open(byte[] stored, String encoding) {
        ByteArrayInputStream raw = new ByteArrayInputStream(stored);
        if (IDENTITY.equals(encoding)) {
            return raw;
        }
        if (!GZIP.equals(encoding)) {
            throw new IllegalArgumentException("unknown staged body encoding '" + encoding + "'");
        }
        try {
            return new GZIPInputStream(raw, 8192);
        } catch (IOException e) {
            throw new UncheckedIOException("staged body is not valid gzip", e);
        }
    }

    /** The plain bytes of a stored body. */
    public static byte[] decode(byte[] stored, String encoding) {
        try (InputStream in = open(stored, encoding)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("staged body is not valid " + encoding, e);
        }
    }
}

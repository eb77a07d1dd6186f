package io.custodia.ediscovery.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Writes the files of a package, hashing them (SHA-256) as they are written; names files safely. */
final class PackageFiles {

    /** A written file: its path inside the package (forward slashes), size and SHA-256. */
    record Written(String path, long size, String sha256) {
    }

    interface Body {
        void writeTo(OutputStream out) throws Exception;
    }

    private PackageFiles() {
    }

    static Written write(Path root, String path, Body body) {
        Path file = root.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            MessageDigest sha = sha256();
            try (OutputStream raw = Files.newOutputStream(file);
                 CountingOutputStream counted = new CountingOutputStream(new java.io.BufferedOutputStream(raw, 65536));
                 DigestOutputStream out = new DigestOutputStream(counted, sha)) {
                body.writeTo(out);
                out.flush();
                return new Written(path, counted.count, HexFormat.of().formatHex(sha.digest()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + path + ": " + e.getMessage(), e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A path segment that is safe on every file system and in every zip tool: letters, digits and
     * {@code . _ - @}, at most {@code max} characters.
     */
    static String segment(String value, int max) {
        if (value == null || value.isBlank()) {
            return "_";
        }
        String s = value.strip().replaceAll("[^A-Za-z0-9._@-]", "_");
        if (s.startsWith(".")) {
            s = "_" + s.substring(1);
        }
        return s.length() > max ? s.substring(0, max) : s;
    }

    static String extension(String name) {
        if (name == null) {
            return "";
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,10}") ? ext : "";
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}

package io.custodia.ops.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * Shows a running execution: on a terminal one line redrawn in place (a bar when the job reports its
 * progress, counts, rate, ETA); otherwise, for logs and schedulers, a plain line per interval and one
 * whenever the status changes.
 */
final class ProgressPrinter {

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final long plainIntervalMillis;
    private long lastPlain;
    private String lastStatus;
    private int lastWidth;

    ProgressPrinter(PrintStream out, boolean terminal, long plainIntervalMillis) {
        this.out = out;
        this.terminal = terminal;
        this.plainIntervalMillis = plainIntervalMillis;
    }

    void update(JsonNode e) {
        String status = e.path("status").asString();
        if (terminal) {
            String line = live(e);
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            out.flush();
            lastWidth = line.length();
        } else {
            long now = System.currentTimeMillis();
            if (!status.equals(lastStatus) || now - lastPlain >= plainIntervalMillis) {
                out.println(Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z") + " " + plain(e));
                lastPlain = now;
            }
        }
        lastStatus = status;
    }

    /** Ends the live line and prints the outcome. */
    void finish(JsonNode e) {
        if (terminal && lastWidth > 0) {
            out.println();
        }
        out.println(summary(e));
        String description = e.path("exitDescription").asString("");
        if (!description.isBlank() && !"COMPLETED".equals(e.path("status").asString())) {
            out.println("  " + reason(description).replace("\n", "\n  "));
        }
    }

    static String summary(JsonNode e) {
        return String.format(Locale.ROOT, "%s #%d %s%s — read %,d, written %,d, skipped %,d%s (exit %s)",
                e.path("job").asString(), e.path("id").asLong(), e.path("status").asString(),
                elapsed(e).isEmpty() ? "" : " in " + elapsed(e), e.path("readCount").asLong(),
                e.path("writeCount").asLong(), e.path("skipCount").asLong(),
                e.hasNonNull("itemsPerSecond") ? String.format(Locale.ROOT, ", %,.1f/s", e.path("itemsPerSecond").asDouble()) : "",
                e.path("exitCode").asString());
    }

    private static String live(JsonNode e) {
        StringBuilder s = new StringBuilder();
        s.append(e.path("job").asString()).append(" #").append(e.path("id").asLong()).append(' ');
        if (e.hasNonNull("progress")) {
            double f = e.path("progress").asDouble();
            int filled = (int) Math.round(f * BAR);
            s.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", Math.round(f * 100)));
        } else {
            s.append(e.path("status").asString()).append(' ');
        }
        s.append(String.format(Locale.ROOT, "read %,d  written %,d  skipped %,d", e.path("readCount").asLong(),
                e.path("writeCount").asLong(), e.path("skipCount").asLong()));
        if (e.hasNonNull("itemsPerSecond")) {
            s.append(String.format(Locale.ROOT, "  %,.1f/s", e.path("itemsPerSecond").asDouble()));
        }
        if (e.hasNonNull("etaSeconds")) {
            s.append("  ETA ").append(clock(e.path("etaSeconds").asLong()));
        }
        return s.toString();
    }

    private static String plain(JsonNode e) {
        StringBuilder s = new StringBuilder();
        s.append(e.path("job").asString()).append(" #").append(e.path("id").asLong()).append(' ')
                .append(e.path("status").asString());
        if (e.hasNonNull("progress")) {
            s.append(' ').append(Math.round(e.path("progress").asDouble() * 100)).append('%');
        }
        s.append(" read=").append(e.path("readCount").asLong()).append(" written=").append(e.path("writeCount").asLong())
                .append(" skipped=").append(e.path("skipCount").asLong());
        if (e.hasNonNull("itemsPerSecond")) {
            s.append(String.format(Locale.ROOT, " rate=%.1f/s", e.path("itemsPerSecond").asDouble()));
        }
        if (e.hasNonNull("etaSeconds")) {
            s.append(" eta=").append(e.path("etaSeconds").asLong()).append('s');
        }
        if (e.hasNonNull("node")) {
            s.append(" node=").append(e.path("node").asString());
        }
        return s.toString();
    }

    private static String elapsed(JsonNode e) {
        if (!e.hasNonNull("startTime")) {
            return "";
        }
        Instant start = Instant.parse(e.path("startTime").asString());
        Instant end = e.hasNonNull("endTime") ? Instant.parse(e.path("endTime").asString()) : Instant.now();
        return clock(Math.max(0, end.getEpochSecond() - start.getEpochSecond()));
    }

    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** The first line of an exit description (a stack trace) and its causes, without the frames. */
    static String reason(String description) {
        String[] lines = description.split("\n");
        StringBuilder s = new StringBuilder(lines[0].strip());
        for (String line : lines) {
            if (line.strip().startsWith("Caused by:")) {
                s.append('\n').append(line.strip());
            }
        }
        return s.toString();
    }
}

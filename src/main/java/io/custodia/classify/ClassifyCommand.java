package io.custodia.classify;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -jar custodia.jar classify [--catalog FILE] [--spans]}: JSON lines {@code {"id","text"}} on
 * standard input, one line {@code {"id","matches":[{"sit","count","confidence"}]}} per input line on
 * standard output, every match at or above its SIT's lowest confidence level. No server, no database.
 * A line that is not a JSON object with a string {@code text} still gets its output line, with an
 * {@code error} field, so outputs stay aligned with inputs.
 */
public final class ClassifyCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClassifyCommand() {
    }

    public static int main(String[] args) {
        return run(args, System.in, System.out, System.err);
    }

    static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        Path catalogPath = null;
        boolean spans = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--catalog" -> {
                    if (i + 1 >= args.length) {
                        err.println("classify: --catalog needs a file");
                        return 2;
                    }
                    catalogPath = Path.of(args[++i]);
                }
                case "--spans" -> spans = true;
                case "-h", "--help" -> {
                    err.println("usage: java -jar custodia.jar classify [--catalog config/sit-catalog.yaml] [--spans]");
                    err.println("  reads JSON lines {\"id\",\"text\"} on stdin, writes {\"id\",\"matches\":[{\"sit\",\"count\",\"confidence\"}]}");
                    err.println("  --catalog  the SIT catalogue (default ./config/sit-catalog.yaml, else the one in the jar)");
                    err.println("  --spans    add the character spans of each match ([start, end) in UTF-16 units)");
                    return 0;
                }
                default -> {
                    err.println("classify: unknown option " + args[i] + " (try --help)");
                    return 2;
                }
            }
        }
        SitEngine engine;
        try {
            engine = new SitEngine(CatalogLoader.load(catalogPath));
        } catch (CatalogException e) {
            err.println("classify: " + e.getMessage());
            return 3;
        }
        try {
            classify(engine, in, out, spans);
        } catch (UncheckedIOException e) {
            err.println("classify: " + e.getCause().getMessage());
            return 1;
        }
        return 0;
    }

    static void classify(SitEngine engine, InputStream in, OutputStream out, boolean withSpans) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                writer.write(JSON.writeValueAsString(result(engine, line, lineNo, withSpans)));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode result(SitEngine engine, String line, long lineNo, boolean withSpans) {
        ObjectNode result = JSON.createObjectNode();
        JsonNode input;
        try {
            input = JSON.readTree(line);
        } catch (JacksonException e) {
            result.putNull("id");
            result.putArray("matches");
            result.put("error", "line " + lineNo + ": not valid JSON: " + e.getOriginalMessage());
            return result;
        }
        JsonNode id = input.isObject() ? input.get("id") : null;
        result.set("id", id == null ? result.nullNode() : id);
        ArrayNode matches = result.putArray("matches");
        JsonNode text = input.isObject() ? input.get("text") : null;
        if (text == null || !text.isString()) {
            result.put("error", "line " + lineNo + ": expected an object with a string \"text\"");
            return result;
        }
        for (SitMatch m : engine.classify(text.asString()).matches()) {
            ObjectNode o = matches.addObject();
            o.put("sit", m.sit());
            o.put("count", m.count());
            o.put("confidence", m.confidence());
            if (withSpans) {
                ArrayNode spans = o.putArray("spans");
                for (SitMatch.Span s : m.spans()) {
                    spans.addArray().add(s.start()).add(s.end());
                }
            }
        }
        return result;
    }
}

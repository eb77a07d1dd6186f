package io.custodia.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The files simulated users upload: every regular file of the samples folder, in name order. */
final class SampleFileLibrary {

    private static final Logger log = LoggerFactory.getLogger(SampleFileLibrary.class);

    record Sample(String name, String contentType, byte[] bytes) {
    }

    private final List<Sample> samples;

    SampleFileLibrary(Path dir) {
        if (!Files.isDirectory(dir)) {
            log.warn("Simulator samples folder {} does not exist: simulated prompts will carry no files", dir.toAbsolutePath());
            this.samples = List.of();
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            this.samples = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(SampleFileLibrary::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list simulator samples in " + dir, e);
        }
        log.info("Simulator uploads are drawn from {} sample files in {}", samples.size(), dir);
    }

    private static Sample load(Path p) {
        try {
            String name = p.getFileName().toString();
            return new Sample(name, contentType(name), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator sample " + p, e);
        }
    }

    static String contentType(String name) {
        String n = name.toLowerCase();
        if (n.endsWith(".pdf")) {
            return "application/pdf";
        } else if (n.endsWith(".docx")) {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        } else if (n.endsWith(".xlsx")) {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        } else if (n.endsWith(".pptx")) {
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        } else if (n.endsWith(".csv")) {
            return "text/csv";
        } else if (n.endsWith(".txt") || n.endsWith(".md")) {
            return "text/plain";
        } else if (n.endsWith(".png")) {
            return "image/png";
        } else if (n.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    int size() {
        return samples.size();
    }

    Sample get(int index) {
        return samples.get(index);
    }
}

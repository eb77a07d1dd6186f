package io.custodia.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code classify} command run in-process with piped streams. */
class ClassifyCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int exit, List<String> out, String err) {
    }

    static Run run(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ClassifyCommand.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneOutputLinePerInputLine() {
        Run r = run("""
                {"id":"a","text":"Her SSN is 536-22-1234 and her SSN card says 536-22-1235."}
                {"id":7,"text":"Nothing to see here."}
                not json
                {"id":"c","text":"Send it to maria.keller@acme-corp.com"}
                """);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).hasSize(4);
        JsonNode a = JSON.readTree(r.out().get(0));
        assertThat(a.path("id").asString()).isEqualTo("a");
        assertThat(a.path("matches").get(0).path("sit").asString()).isEqualTo("us-ssn");
        assertThat(a.path("matches").get(0).path("count").asInt()).isEqualTo(2);
        assertThat(a.path("matches").get(0).path("confidence").asInt()).isEqualTo(85);
        assertThat(a.path("matches").get(0).has("spans")).isFalse();
        JsonNode b = JSON.readTree(r.out().get(1));
        assertThat(b.path("id").asInt()).isEqualTo(7);
        assertThat(b.path("matches").isEmpty()).isTrue();
        JsonNode bad = JSON.readTree(r.out().get(2));
        assertThat(bad.path("error").asString()).startsWith("line 3: not valid JSON");
        assertThat(JSON.readTree(r.out().get(3)).path("matches").get(0).path("sit").asString()).isEqualTo("email-address");
        assertThat(r.err()).doesNotContain("536-22");
    }

    @Test
    void spansOnRequest() {
        Run r = run("{\"id\":\"a\",\"text\":\"SSN 536-22-1234\"}\n", "--spans");
        JsonNode span = JSON.readTree(r.out().get(0)).path("matches").get(0).path("spans").get(0);
        assertThat(span.get(0).asInt()).isEqualTo(4);
        assertThat(span.get(1).asInt()).isEqualTo(15);
    }

    @Test
    void anotherCatalogueAndABadOne(@TempDir Path dir) throws IOException {
        Path custom = dir.resolve("custom.yaml");
        Files.writeString(custom, CatalogLoaderTest.CUSTOM);
        Run r = run("{\"id\":\"x\",\"text\":\"Employee EMP-123455\"}\n", "--catalog", custom.toString());
        assertThat(JSON.readTree(r.out().get(0)).path("matches").get(0).path("sit").asString()).isEqualTo("employee-id");

        Files.writeString(custom, CatalogLoaderTest.CUSTOM.replace("[luhn]", "[nope]"));
        Run bad = run("{}\n", "--catalog", custom.toString());
        assertThat(bad.exit()).isEqualTo(3);
        assertThat(bad.err()).contains("sit 'employee-id'").contains("unknown validator 'nope'");
        assertThat(bad.out()).isEmpty();
        assertThat(run("", "--bogus").exit()).isEqualTo(2);
    }
}

package io.custodia.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.parameters.JobParameters;

/** The launch profiles file: the shipped one, typed parameters, and precise errors for bad input. */
class LaunchProfilesTest {

    @Test
    void theShippedProfilesLoadAndNameTheIngestJob() {
        LaunchProfiles profiles = LaunchProfiles.load(Path.of("batch/profiles.yaml"));
        assertThat(profiles.all()).extracting(LaunchProfile::name).contains("ingest-catch-up", "ingest-range");
        profiles.validate(Set.of("ingest"));
        LaunchProfile range = profiles.get("ingest-range");
        JobParameters params = LaunchProfiles.parameters(range, Map.of("fromId", "10", "toId", "20"));
        assertThat(params.getLong("fromId")).isEqualTo(10L);
        assertThat(params.getLong("toId")).isEqualTo(20L);
        assertThat(params.getString(LaunchProfiles.RUN)).isNotBlank();
        assertThatThrownBy(() -> LaunchProfiles.parameters(range, Map.of("fromId", "10")))
                .hasMessageContaining("needs toId=<long>");
    }

    @Test
    void typesDefaultsAndOneInstancePerDay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("profiles.yaml");
        Files.writeString(file, """
                profiles:
                  nightly:
                    job: retention
                    new-instance: false
                    parameters:
                      asOf: {type: date, value: today}
                      ratio: {type: double, value: "0.5", identifying: false}
                      label: {value: night}
                """);
        LaunchProfile nightly = LaunchProfiles.load(file).get("nightly");
        assertThat(nightly.newInstance()).isFalse();
        JobParameters params = LaunchProfiles.parameters(nightly, Map.of("label", "manual"));
        assertThat(params.getLocalDate("asOf")).isEqualTo(LocalDate.now());
        assertThat(params.getDouble("ratio")).isEqualTo(0.5);
        assertThat(params.getParameter("ratio").identifying()).isFalse();
        assertThat(params.getString("label")).isEqualTo("manual");
        assertThat(params.getParameter(LaunchProfiles.RUN)).isNull();
        assertThatThrownBy(() -> LaunchProfiles.load(file).validate(Set.of("ingest")))
                .hasMessageContaining("launch profile 'nightly' names job 'retention', which this hub does not have");
        assertThatThrownBy(() -> LaunchProfiles.parameters(nightly, Map.of("asOf", "yesterday-ish")))
                .hasMessageContaining("asOf must be a date, was 'yesterday-ish'");
    }

    @Test
    void badFilesAreReportedPrecisely(@TempDir Path dir) throws Exception {
        Path noJob = dir.resolve("a.yaml");
        Files.writeString(noJob, "profiles:\n  lonely:\n    description: no job\n");
        assertThatThrownBy(() -> LaunchProfiles.load(noJob)).hasMessageContaining("profile 'lonely' names no job");
        Path badType = dir.resolve("b.yaml");
        Files.writeString(badType, "profiles:\n  p:\n    job: ingest\n    parameters:\n      x: {type: blob}\n");
        assertThatThrownBy(() -> LaunchProfiles.load(badType)).hasMessageContaining("unknown parameter type 'blob'");
        Path badName = dir.resolve("c.yaml");
        Files.writeString(badName, "profiles:\n  Bad_Name:\n    job: ingest\n");
        assertThatThrownBy(() -> LaunchProfiles.load(badName)).hasMessageContaining("must be lower-case letters");
        assertThat(LaunchProfiles.load(dir.resolve("missing.yaml")).all()).isEmpty();
    }

    @Test
    void bareJobStartsTakeSpringBatchNotation() {
        JobParameters params = LaunchProfiles.parameters(Map.of("fromId", "41,java.lang.Long", "note", "hello"));
        assertThat(params.getLong("fromId")).isEqualTo(41L);
        assertThat(params.getString("note")).isEqualTo("hello");
        assertThat(params.getString(LaunchProfiles.RUN)).isNotBlank();
        assertThat(LaunchProfiles.parameters(Map.of("run", "fixed")).getString(LaunchProfiles.RUN)).isEqualTo("fixed");
    }
}

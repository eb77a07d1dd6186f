package io.custodia.ops.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.converter.DefaultJobParametersConverter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The named launch profiles of {@code batch/profiles.yaml} ({@code custodia.batch.profiles}), bound
 * like the rest of the configuration (relaxed names: {@code new-instance}), and the job parameters a
 * start builds from a profile or from a bare job name plus the operator's {@code key=value} pairs.
 */
public final class LaunchProfiles {

    private static final Logger log = LoggerFactory.getLogger(LaunchProfiles.class);

    /** Parameter added to make each start a new job instance. */
    public static final String RUN = "run";

    private final Map<String, LaunchProfile> byName;

    public LaunchProfiles(Collection<LaunchProfile> profiles) {
        this.byName = new LinkedHashMap<>();
        profiles.forEach(p -> byName.put(p.name(), p));
    }

    /** Raw form of a profile in the YAML file. */
    public record Spec(String job, String description, Map<String, LaunchProfile.Parameter> parameters,
                       Boolean newInstance) {
    }

    public static LaunchProfiles load(Path file) {
        if (!Files.isRegularFile(file)) {
            log.warn("No launch profiles: {} does not exist (custodia.batch.profiles)", file.toAbsolutePath());
            return new LaunchProfiles(List.of());
        }
        List<PropertySource<?>> sources;
        try {
            sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read launch profiles " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("launch profiles " + file + " are not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Spec> specs;
        try {
            specs = new Binder(ConfigurationPropertySources.from(sources))
                    .bind("profiles", Bindable.mapOf(String.class, Spec.class)).orElse(Map.of());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("launch profiles " + file + ": " + e.getMessage() + " (" + root.getMessage() + ")", e);
        }
        List<LaunchProfile> profiles = new ArrayList<>();
        specs.forEach((name, s) -> {
            if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new IllegalStateException("launch profiles " + file + ": profile name '" + name
                        + "' must be lower-case letters, digits and '-'");
            }
            if (s.job() == null || s.job().isBlank()) {
                throw new IllegalStateException("launch profiles " + file + ": profile '" + name + "' names no job");
            }
            profiles.add(new LaunchProfile(name, s.job(), s.description(), s.parameters(),
                    s.newInstance() == null || s.newInstance()));
        });
        return new LaunchProfiles(profiles);
    }

    public Collection<LaunchProfile> all() {
        return byName.values();
    }

    public LaunchProfile get(String name) {
        return byName.get(name);
    }

    /** Every profile names a job that exists. */
    public void validate(Set<String> jobNames) {
        for (LaunchProfile p : byName.values()) {
            if (!jobNames.contains(p.job())) {
                throw new IllegalStateException("launch profile '" + p.name() + "' names job '" + p.job()
                        + "', which this hub does not have; jobs: " + jobNames);
            }
        }
    }

    /** The parameters of a profile, with the operator's values taking precedence. */
    public static JobParameters parameters(LaunchProfile profile, Map<String, String> given) {
        Map<String, String> rest = new LinkedHashMap<>(given);
        JobParametersBuilder b = new JobParametersBuilder();
        List<String> missing = new ArrayList<>();
        profile.parameters().forEach((key, spec) -> {
            String raw = rest.containsKey(key) ? rest.remove(key) : spec.value();
            if (raw == null || raw.isEmpty()) {
                if (spec.required()) {
                    missing.add(key);
                }
                return;
            }
            add(b, key, spec.type(), raw, spec.identifying());
        });
        if (!missing.isEmpty()) {
            throw JobControlException.badRequest("profile '" + profile.name() + "' needs " + String.join(", ",
                    missing.stream().map(k -> k + "=<" + profile.parameters().get(k).type() + ">").toList()));
        }
        if (!rest.isEmpty()) {
            throw JobControlException.badRequest("profile '" + profile.name() + "' takes no parameter " + rest.keySet()
                    + "; it takes " + (profile.parameters().isEmpty() ? "none" : profile.parameters().keySet()));
        }
        if (profile.newInstance()) {
            b.addString(RUN, UUID.randomUUID().toString());
        }
        return b.toJobParameters();
    }

    /**
     * The parameters of a bare job start: Spring Batch's notation {@code value[,type[,identifying]]}
     * (e.g. {@code fromId=41,java.lang.Long}); a new instance unless a {@code run} value is given.
     */
    public static JobParameters parameters(Map<String, String> given) {
        Properties props = new Properties();
        props.putAll(given);
        JobParameters parsed;
        try {
            parsed = new DefaultJobParametersConverter().getJobParameters(props);
        } catch (RuntimeException e) {
            throw JobControlException.badRequest("bad job parameters " + given.keySet() + ": " + e.getMessage());
        }
        JobParametersBuilder b = new JobParametersBuilder(parsed);
        if (parsed.getParameter(RUN) == null) {
            b.addString(RUN, UUID.randomUUID().toString());
        }
        return b.toJobParameters();
    }

    private static void add(JobParametersBuilder b, String key, String type, String raw, boolean identifying) {
        try {
            switch (type) {
                case "long" -> b.addLong(key, Long.valueOf(raw.trim()), identifying);
                case "double" -> b.addDouble(key, Double.valueOf(raw.trim()), identifying);
                case "date" -> b.addLocalDate(key, "today".equals(raw.trim()) ? LocalDate.now() : LocalDate.parse(raw.trim()), identifying);
                case "datetime" -> b.addLocalDateTime(key, "now".equals(raw.trim()) ? LocalDateTime.now()
                        : LocalDateTime.parse(raw.trim()), identifying);
                default -> b.addString(key, raw, identifying);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw JobControlException.badRequest("parameter " + key + " must be a " + type + ", was '" + raw + "'");
        }
    }
}

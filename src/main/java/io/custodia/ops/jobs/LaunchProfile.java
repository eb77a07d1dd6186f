package io.custodia.ops.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named launch of a job with its parameters, from {@code batch/profiles.yaml}.
 *
 * @param name        what operators type: {@code job start <name>}
 * @param job         the Spring Batch job it launches
 * @param description one line for {@code job list}
 * @param parameters  the parameters it passes, by name
 * @param newInstance every start is a new job instance (a unique {@code run} parameter is added); with
 *                    {@code false} the same parameters mean the same instance, so a completed one is never
 *                    run twice (e.g. a nightly job keyed by its date)
 */
public record LaunchProfile(String name, String job, String description, Map<String, Parameter> parameters,
                            boolean newInstance) {

    public LaunchProfile {
        parameters = parameters != null ? new LinkedHashMap<>(parameters) : Map.of();
        description = description != null ? description : "";
    }

    /**
     * One parameter of a profile.
     *
     * @param type        {@code string} (default), {@code long}, {@code double}, {@code date} (ISO date, or
     *                    {@code today}), {@code datetime} (ISO local date-time, or {@code now})
     * @param value       the value the profile passes unless the operator gives {@code name=value}
     * @param required    the operator must give it
     * @param identifying part of the job instance's identity (Spring Batch); default {@code true}
     * @param description shown by {@code job list}
     */
    public record Parameter(String type, String value, Boolean required, Boolean identifying, String description) {
        public Parameter {
            type = type != null ? type.toLowerCase(java.util.Locale.ROOT) : "string";
            required = required != null && required;
            identifying = identifying == null || identifying;
            description = description != null ? description : "";
            if (!java.util.List.of("string", "long", "double", "date", "datetime").contains(type)) {
                throw new IllegalArgumentException("unknown parameter type '" + type
                        + "' (use string, long, double, date or datetime)");
            }
        }
    }
}

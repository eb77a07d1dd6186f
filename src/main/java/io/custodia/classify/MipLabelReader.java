package io.custodia.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MIP sensitivity labels from the metadata Tika extracts. Office files expose their custom
 * properties as {@code custom:MSIP_Label_<guid>_<Field>}, PDFs as {@code pdf:docinfo:custom:MSIP_…} and
 * plain {@code MSIP_…}; all forms are accepted. A label counts only when {@code _Enabled} is {@code true}
 * (Office leaves {@code Enabled=false} behind when a label is removed). When a file carries several, the
 * most sensitive by the catalogue's label order wins.
 */
public final class MipLabelReader {

    private static final Pattern KEY = Pattern.compile(
            "(?:^|:)MSIP_Label_([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})_(\\w+)$");

    private final LabelPriority priority;

    public MipLabelReader(LabelPriority priority) {
        this.priority = priority;
    }

    /** Every enabled label in the metadata. */
    public List<SensitivityLabel> labels(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (m.find()) {
                byId.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>())
                        .putIfAbsent(m.group(2), e.getValue());
            }
        }
        List<SensitivityLabel> out = new ArrayList<>();
        byId.forEach((id, fields) -> {
            if ("true".equalsIgnoreCase(first(fields.get("Enabled")))) {
                out.add(new SensitivityLabel(id, first(fields.get("Name")), first(fields.get("SiteId")),
                        first(fields.get("Method")), first(fields.get("SetDate"))));
            }
        });
        return out;
    }

    /** The most sensitive enabled label, if any. */
    public Optional<SensitivityLabel> label(Map<String, String> metadata) {
        List<SensitivityLabel> labels = labels(metadata);
        String best = priority.highest(labels.stream().map(SensitivityLabel::displayName).toList());
        return labels.stream().filter(l -> l.displayName().equals(best)).findFirst();
    }

    /** Tika joins repeated values with "; " (the same property in two places of a file). */
    private static String first(String v) {
        if (v == null) {
            return null;
        }
        int semi = v.indexOf("; ");
        return (semi >= 0 ? v.substring(0, semi) : v).strip();
    }
}

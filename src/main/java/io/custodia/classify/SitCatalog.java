package io.custodia.classify;

import java.util.List;

/**
 * The sensitive information types Custodia knows, as loaded from {@code config/sit-catalog.yaml}.
 *
 * @param source    where it was loaded from (for messages)
 * @param proximity default distance in characters between a primary element and its supporting evidence
 * @param labels    how sensitivity label names rank
 */
public record SitCatalog(String source, int proximity, LabelPriority labels, List<SitDefinition> sits) {

    public SitDefinition sit(String id) {
        return sits.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}

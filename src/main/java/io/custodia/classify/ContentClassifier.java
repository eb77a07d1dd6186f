package io.custodia.classify;

import java.util.List;
import java.util.Map;

/**
 * What the ingest job asks of classification: the SIT matches of a text and the sensitivity label of a
 * file's metadata, and how labels rank. One instance per application, thread-safe.
 */
public class ContentClassifier {

    private final SitEngine engine;
    private final MipLabelReader labels;

    public ContentClassifier(SitEngine engine) {
        this.engine = engine;
        this.labels = new MipLabelReader(engine.catalog().labels());
    }

    public List<SitMatch> matches(String text) {
        return text == null || text.isEmpty() ? List.of() : engine.classify(text).matches();
    }

    /** The display name of the most sensitive enabled MIP label in the metadata, or null. */
    public String label(Map<String, String> metadata) {
        return labels.label(metadata).map(SensitivityLabel::displayName).orElse(null);
    }

    /** The most sensitive of several label names (an item's label from its attachments'), or null. */
    public String highestLabel(List<String> names) {
        return engine.catalog().labels().highest(names);
    }
}

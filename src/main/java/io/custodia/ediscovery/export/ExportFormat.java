package io.custodia.ediscovery.export;

import java.util.Locale;

/** The package formats: one EML per item, RSMF per conversation and day, or a Concordance DAT load file with natives and text. */
public enum ExportFormat {
    EML, RSMF, DAT;

    public static ExportFormat parse(String value) {
        if (value != null) {
            for (ExportFormat f : values()) {
                if (f.name().equalsIgnoreCase(value.strip())) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("format must be one of eml, rsmf, dat; got " + value);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

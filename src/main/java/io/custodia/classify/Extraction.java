package io.custodia.classify;

import java.util.Map;

/**
 * What text extraction made of a file.
 *
 * @param status   EXTRACTED, EMPTY, TOO_LARGE, ENCRYPTED, CORRUPT, TIMEOUT or UNAVAILABLE
 * @param detail   why, when not EXTRACTED (or that the text was truncated)
 * @param metadata document metadata as Tika reports it (multi-valued keys joined with "; ")
 */
public record Extraction(String status, String text, String detail, String contentType, Map<String, String> metadata) {

    public static final String EXTRACTED = "EXTRACTED";
    public static final String EMPTY = "EMPTY";
    public static final String TOO_LARGE = "TOO_LARGE";
    public static final String ENCRYPTED = "ENCRYPTED";
    public static final String CORRUPT = "CORRUPT";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String UNAVAILABLE = "UNAVAILABLE";

    public static Extraction failed(String status, String detail) {
        return new Extraction(status, null, detail, null, Map.of());
    }
}

package io.custodia.classify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on text extraction from uploaded files ({@code custodia.extraction.*}).
 *
 * @param maxFileSize  larger files are not parsed (recorded as TOO_LARGE)
 * @param maxTextChars extracted text is cut here (recorded as TRUNCATED detail)
 * @param timeout      a parse that takes longer is abandoned (recorded as TIMEOUT)
 */
@ConfigurationProperties("custodia.extraction")
public record ExtractionProperties(DataSize maxFileSize, Integer maxTextChars, Duration timeout) {

    public ExtractionProperties {
        maxFileSize = maxFileSize != null ? maxFileSize : DataSize.ofMegabytes(50);
        maxTextChars = maxTextChars != null ? maxTextChars : 1_000_000;
        timeout = timeout != null ? timeout : Duration.ofSeconds(30);
    }

    public static ExtractionProperties defaults() {
        return new ExtractionProperties(null, null, null);
    }
}

package io.custodia.classify;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Classification settings ({@code custodia.classification.*}).
 *
 * @param catalog the SIT catalogue; when unset, {@code config/sit-catalog.yaml} in the working directory,
 *                else the copy bundled in the jar
 */
@ConfigurationProperties("custodia.classification")
public record ClassificationProperties(Path catalog) {
}

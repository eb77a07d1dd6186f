package io.custodia.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ingest job ({@code custodia.ingest.*}).
 *
 * @param chunkSize         staged lines per chunk (one transaction, one batch per table)
 * @param launchOnStartup   start an ingest at start-up when staged files are waiting (e.g. after a crash)
 * @param restartStale      recover and restart, from their last chunk, ingest executions that a dead node left
 *                          running (see {@link IngestJobLauncher}); off: an operator does it ({@code job recover})
 */
@ConfigurationProperties("custodia.ingest")
public record IngestProperties(Integer chunkSize, Boolean launchOnStartup, Boolean restartStale) {

    public IngestProperties {
        chunkSize = chunkSize != null ? chunkSize : 500;
        launchOnStartup = launchOnStartup == null || launchOnStartup;
        restartStale = restartStale == null || restartStale;
        if (chunkSize < 1) {
            throw new IllegalArgumentException("custodia.ingest.chunk-size must be >= 1");
        }
    }
}

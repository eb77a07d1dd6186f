package io.custodia.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ingest job ({@code custodia.ingest.*}).
 *
 * @param chunkSize         staged lines per chunk (one transaction, one batch per table)
 * @param partitions        parallel slices of an ingest run, by custodian (default 1 = a single sequential
 *                          chunk step; the cores for speed, see the FULLTEXT caveat in docs/performance.md)
 * @param launchOnStartup   start an ingest at start-up when staged files are waiting (e.g. after a crash)
 * @param restartStale      recover and restart, from their last chunk, ingest executions that a dead node left
 *                          running (see {@link IngestJobLauncher}); off: an operator does it ({@code job recover})
 */
@ConfigurationProperties("custodia.ingest")
public record IngestProperties(Integer chunkSize, Boolean launchOnStartup, Boolean restartStale, Integer partitions) {

    public IngestProperties {
        chunkSize = chunkSize != null ? chunkSize : 1000;
        // 1 by default: with parallel partitions, InnoDB's FULLTEXT index was seen missing a few committed items
        // for phrase and prefix queries (EdiscoveryApiTest: 31-33 of 34); exact words matched. Until that is
        // understood, parallel ingest is an explicit choice.
        partitions = partitions != null ? partitions : 1;
        launchOnStartup = launchOnStartup == null || launchOnStartup;
        restartStale = restartStale == null || restartStale;
        if (partitions < 1) {
            throw new IllegalArgumentException("custodia.ingest.partitions must be >= 1");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("custodia.ingest.chunk-size must be >= 1");
        }
    }
}

package io.custodia.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ingest job ({@code custodia.ingest.*}).
 *
 * @param chunkSize         staged lines per chunk (one transaction, one batch per table)
 * @param partitions        parallel slices of an ingest run, by custodian (default: the cores; 1 = a single
 *                          sequential chunk step)
 * @param launchOnStartup   start an ingest at start-up when staged files are waiting (e.g. after a crash)
 * @param restartStale      recover and restart, from their last chunk, ingest executions that a dead node left
 *                          running (see {@link IngestJobLauncher}); off: an operator does it ({@code job recover})
 */
@ConfigurationProperties("custodia.ingest")
public record IngestProperties(Integer chunkSize, Boolean launchOnStartup, Boolean restartStale, Integer partitions) {

    public IngestProperties {
        chunkSize = chunkSize != null ? chunkSize : 1000;
        // as many as the cores: parsing and classification run in parallel; the FULLTEXT inserts of the chunks
        // take turns (io.custodia.mailbox.FulltextWriteOrder)
        partitions = partitions != null ? partitions : Runtime.getRuntime().availableProcessors();
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

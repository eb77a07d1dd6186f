package io.custodia.ediscovery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code custodia.ediscovery.*}.
 *
 * @param export export packages
 * @param holds  query-hold re-evaluation
 */
@ConfigurationProperties("custodia.ediscovery")
public record EdiscoveryProperties(Export export, Holds holds) {

    public EdiscoveryProperties {
        export = export != null ? export : new Export(null, 0, -1, false, null);
        holds = holds != null ? holds : new Holds(null);
    }

    /**
     * @param directory      where packages are built and kept (one folder per export)
     * @param chunkSize      units (items, or conversation-days for RSMF) per chunk transaction
     * @param zipLevel       deflate level of the package zip, 0 (store) to 9
     * @param keepWorkFiles  keep the unzipped package next to the zip (for inspection)
     * @param dat            delimiters of the Concordance DAT load file
     */
    public record Export(String directory, int chunkSize, int zipLevel, boolean keepWorkFiles, Dat dat) {
        public Export {
            directory = directory != null && !directory.isBlank() ? directory : "data/exports";
            chunkSize = chunkSize > 0 ? chunkSize : 100;
            zipLevel = zipLevel >= 0 && zipLevel <= 9 ? zipLevel : 6;
            dat = dat != null ? dat : new Dat(null, null, null, null);
        }
    }

    /**
     * Concordance defaults: column ASCII 20 (DC4, shown as ¶ in old DOS code pages), quote ASCII 254
     * (þ), newline inside a value ASCII 174 (®), multi-value separator ';'. Written as UTF-8 with a BOM.
     */
    public record Dat(String delimiter, String quote, String newline, String multiValue) {
        public Dat {
            delimiter = delimiter != null && delimiter.length() == 1 ? delimiter : "\u0014";
            quote = quote != null && quote.length() == 1 ? quote : "\u00fe";
            newline = newline != null && newline.length() == 1 ? newline : "\u00ae";
            multiValue = multiValue != null && !multiValue.isEmpty() ? multiValue : ";";
        }
    }

    /** @param refreshSchedule Quartz cron of the periodic query-hold re-evaluation (besides the one after each ingest run) */
    public record Holds(String refreshSchedule) {
        public Holds {
            refreshSchedule = refreshSchedule != null && !refreshSchedule.isBlank() ? refreshSchedule : "0 * * * * ?";
        }
    }
}

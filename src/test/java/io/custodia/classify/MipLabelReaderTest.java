package io.custodia.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MIP labels of the sample files, as Tika reports their custom properties. */
class MipLabelReaderTest {

    static TikaTextExtractor tika;
    static final MipLabelReader reader = new MipLabelReader(LabelPriority.DEFAULT);

    @BeforeAll
    static void start() {
        tika = new TikaTextExtractor(ExtractionProperties.defaults());
    }

    @AfterAll
    static void stop() {
        tika.close();
    }

    static Extraction extract(String file) throws IOException {
        return tika.extract(Files.readAllBytes(Path.of("samples/files", file)), file, null);
    }

    static String label(String file) throws IOException {
        return reader.label(extract(file).metadata()).map(SensitivityLabel::displayName).orElse(null);
    }

    @Test
    void officeAndPdfLabelsBecomeTheAttachmentsLabel() throws IOException {
        assertThat(label("onboarding-checklist.docx")).isEqualTo("General");
        assertThat(label("vendor-contract-draft.docx")).isEqualTo("Confidential");
        assertThat(label("pipeline-forecast.xlsx")).isEqualTo("Highly Confidential");
        assertThat(label("q3-revenue-summary.pdf")).isEqualTo("Confidential");
        assertThat(label("travel-policy-2026.pdf")).isNull();
        SensitivityLabel l = reader.label(extract("vendor-contract-draft.docx").metadata()).orElseThrow();
        assertThat(l.id()).isEqualTo("f42aa342-8706-4288-bd11-ebb85995028c");
        assertThat(l.siteId()).isEqualTo("0b6f2c1d-8e4a-4c2b-9d1f-5a3e7c9b1d20");
        assertThat(l.method()).isEqualTo("Standard");
    }

    @Test
    void anEncryptedFileIsRecordedNotFatal() throws IOException {
        Extraction x = extract("salary-review-protected.docx");
        assertThat(x.status()).isEqualTo(Extraction.ENCRYPTED);
        assertThat(reader.label(x.metadata())).isEmpty();
    }

    @Test
    void disabledLabelsDoNotCountAndTheMostSensitiveWins() {
        String general = "custom:MSIP_Label_3b0a56a4-93c0-4d35-a2e2-3f1e1d9c7b11_";
        String secret = "custom:MSIP_Label_9a6c1f0e-2b7d-4c58-8e31-5d0b7a4f2e96_";
        assertThat(reader.labels(Map.of(general + "Enabled", "false", general + "Name", "General"))).isEmpty();
        assertThat(reader.label(Map.of(general + "Enabled", "true", general + "Name", "General",
                secret + "Enabled", "True", secret + "Name", "Highly Confidential")).orElseThrow().name())
                .isEqualTo("Highly Confidential");
    }

    @Test
    void labelOrderRanksUnknownNamesSensibly() {
        LabelPriority p = LabelPriority.DEFAULT;
        assertThat(p.highest(List.of("Public", "Confidential", "General"))).isEqualTo("Confidential");
        assertThat(p.highest(List.of("Highly Confidential - Finance", "Confidential"))).isEqualTo("Highly Confidential - Finance");
        assertThat(p.rank("Project Falcon")).isGreaterThan(p.rank("General")).isLessThan(p.rank("Internal"));
        assertThat(p.highest(List.of())).isNull();
    }
}

package io.custodia.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Text extraction never fails the caller: every bad file becomes a status with a reason. */
class TikaTextExtractorTest {

    private final TikaTextExtractor tika = new TikaTextExtractor(
            new ExtractionProperties(DataSize.ofKilobytes(200), 2000, Duration.ofSeconds(20)));

    @AfterEach
    void close() {
        tika.close();
    }

    private static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Path.of("samples/files", name));
    }

    @Test
    void officePdfAndTextSamplesYieldTheirText() throws Exception {
        assertThat(tika.extract(sample("q3-revenue-summary.pdf"), "q3.pdf", null).text()).contains("third quarter");
        assertThat(tika.extract(sample("onboarding-checklist.docx"), "c.docx", null).text()).contains("single sign-on");
        Extraction xlsx = tika.extract(sample("pipeline-forecast.xlsx"), "p.xlsx", null);
        assertThat(xlsx.status()).isEqualTo(Extraction.EXTRACTED);
        assertThat(xlsx.text()).contains("Stark Industries");
        assertThat(xlsx.metadata()).containsKey("dc:title");
        assertThat(tika.extract(sample("meeting-notes.txt"), "n.txt", "text/plain").text()).contains("Beacon beta");
    }

    @Test
    void encryptedCorruptOversizedAndEmptyFilesAreRecorded() throws Exception {
        assertThat(tika.extract(sample("salary-review-protected.docx"), "s.docx", null).status()).isEqualTo(Extraction.ENCRYPTED);
        byte[] corrupt = sample("onboarding-checklist.docx").clone();
        for (int i = 200; i < corrupt.length; i++) {
            corrupt[i] = (byte) (i * 31);
        }
        Extraction broken = tika.extract(corrupt, "broken.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(broken.status()).isEqualTo(Extraction.CORRUPT);
        assertThat(broken.detail()).isNotBlank();
        Extraction big = tika.extract(new byte[300 * 1024], "big.bin", null);
        assertThat(big.status()).isEqualTo(Extraction.TOO_LARGE);
        assertThat(big.detail()).contains("custodia.extraction.max-file-size");
        assertThat(tika.extract(new byte[0], "empty.txt", null).status()).isEqualTo(Extraction.EMPTY);
        assertThat(tika.extract(null, "gone.pdf", null).status()).isEqualTo(Extraction.UNAVAILABLE);
    }

    @Test
    void longTextIsTruncatedAtTheLimitAndSaysSo() {
        Extraction x = tika.extract("lorem ipsum ".repeat(1000).getBytes(), "long.txt", "text/plain");
        assertThat(x.text().length()).isLessThanOrEqualTo(2000);
        assertThat(x.detail()).contains("truncated");
    }

    @Test
    void zipBombIsStoppedNotExpanded() throws Exception {
        // 60 MB of zeros compress to a few tens of kilobytes
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("zeros.txt"));
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 60; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        Extraction x = tika.extract(bytes.toByteArray(), "bomb.zip", "application/zip");
        assertThat(x.status()).isIn(Extraction.CORRUPT, Extraction.EXTRACTED, Extraction.EMPTY);
        assertThat(x.text() == null ? 0 : x.text().length()).isLessThanOrEqualTo(2000);
    }
}

package io.custodia.ediscovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An export package read back the way a reviewer's tool would: the zip, Results.csv, manifest.json, and
 * each format parsed with its own reader (Jakarta Mail for EML and RSMF, the RSMF 2.0 JSON Schema for
 * the manifests, Commons CSV with Concordance delimiters for the DAT load file), hashes verified.
 */
final class ExportPackage {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Schema RSMF_SCHEMA;

    static {
        try (InputStream in = ExportPackage.class.getResourceAsStream("/rsmf/rsmf_schema_2_0_0.json")) {
            RSMF_SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Map<String, byte[]> files = new LinkedHashMap<>();
    final List<CSVRecord> results = new ArrayList<>();

    ExportPackage(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertThat(files.put(e.getName(), in.readAllBytes())).as("duplicate entry " + e.getName()).isNull();
            }
        }
        assertThat(files).containsKeys("Results.csv", "Errors.csv", "ExportSummary.json", "manifest.json");
        try (CSVParser p = CSVParser.builder().setReader(new InputStreamReader(new ByteArrayInputStream(files.get("Results.csv")),
                StandardCharsets.UTF_8)).setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            results.addAll(p.getRecords());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Results.csv names each item once, with a file of the package whose SHA-256 matches; the manifest covers every file. */
    Map<Long, CSVRecord> verifyResultsAndManifest() {
        Map<Long, CSVRecord> byItem = new HashMap<>();
        for (CSVRecord r : results) {
            long id = Long.parseLong(r.get("ItemId"));
            assertThat(byItem.put(id, r)).as("item " + id + " listed twice").isNull();
            assertThat(r.get("Status")).isEqualTo("EXPORTED");
            byte[] file = files.get(r.get("Path"));
            assertThat(file).as("file of item " + id + ": " + r.get("Path")).isNotNull();
            assertThat(sha256(file)).as("hash of " + r.get("Path")).isEqualTo(r.get("SHA256"));
            assertThat(Long.parseLong(r.get("SizeBytes"))).isEqualTo(file.length);
        }
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        Map<String, String> listed = new HashMap<>();
        for (JsonNode f : manifest.path("files")) {
            listed.put(f.path("path").asString(), f.path("sha256").asString());
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().equals("manifest.json")) {
                assertThat(listed.get(f.getKey())).as("manifest entry of " + f.getKey()).isEqualTo(sha256(f.getValue()));
            }
        }
        assertThat(listed).hasSize(files.size() - 1);
        return byItem;
    }

    static MimeMessage mime(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    /** Each EML parses with Jakarta Mail, names its item, carries its text (hash checked) and its attachments (hash checked). */
    void verifyEml(Map<Long, CSVRecord> byItem, Map<Long, String> bodyHashes) throws Exception {
        for (Map.Entry<Long, CSVRecord> e : byItem.entrySet()) {
            MimeMessage m = mime(files.get(e.getValue().get("Path")));
            assertThat(m.getHeader("X-Custodia-Item-Id", null)).isEqualTo(String.valueOf(e.getKey()));
            assertThat(m.getHeader("X-Custodia-ItemClass", null)).isEqualTo(e.getValue().get("ItemClass"));
            assertThat(m.getSubject()).isEqualTo(e.getValue().get("Subject"));
            assertThat(m.getSentDate().toInstant()).isEqualTo(java.time.Instant.parse(e.getValue().get("SentTime"))
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            String text = bodyText(m);
            assertThat(sha256(text.getBytes(StandardCharsets.UTF_8))).as("body of item " + e.getKey())
                    .isEqualTo(bodyHashes.get(e.getKey())).isEqualTo(m.getHeader("X-Custodia-Body-SHA256", null));
            if (m.getContent() instanceof Multipart mp) {
                for (int i = 1; i < mp.getCount(); i++) {
                    BodyPart part = mp.getBodyPart(i);
                    assertThat(part.getDisposition()).isEqualTo(Part.ATTACHMENT);
                    if (part.getHeader("X-Custodia-Native") == null) {
                        assertThat(sha256(part.getInputStream().readAllBytes())).as("attachment " + part.getFileName())
                                .isEqualTo(part.getHeader("X-Custodia-SHA256")[0]);
                    }
                }
            }
        }
    }

    static String bodyText(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof Multipart mp) {
            return (String) mp.getBodyPart(0).getContent();
        }
        return (String) content;
    }

    /**
     * Each .rsmf is an RFC 5322 message with X-RSMF-Version 2.0.0 and one rsmf.zip whose rsmf_manifest.json
     * validates against the RSMF 2.0 schema; its events are the items Results.csv points to that file, one each.
     * Returns the item ids found in the manifests (each counted once per event).
     */
    List<Long> verifyRsmf(Map<Long, CSVRecord> byItem) throws Exception {
        Map<String, List<Long>> itemsByFile = new HashMap<>();
        byItem.forEach((id, r) -> itemsByFile.computeIfAbsent(r.get("Path"), k -> new ArrayList<>()).add(id));
        List<Long> events = new ArrayList<>();
        for (Map.Entry<String, List<Long>> f : itemsByFile.entrySet()) {
            assertThat(f.getKey()).startsWith("RSMF/").endsWith(".rsmf");
            MimeMessage m = mime(files.get(f.getKey()));
            assertThat(m.getHeader("X-RSMF-Version", null)).isEqualTo("2.0.0");
            Multipart mp = (Multipart) m.getContent();
            byte[] rsmfZip = null;
            for (int i = 0; i < mp.getCount(); i++) {
                if ("rsmf.zip".equals(mp.getBodyPart(i).getFileName())) {
                    assertThat(rsmfZip).as("one rsmf.zip").isNull();
                    rsmfZip = mp.getBodyPart(i).getInputStream().readAllBytes();
                }
            }
            assertThat(rsmfZip).isNotNull();
            Map<String, byte[]> inner = new HashMap<>();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(rsmfZip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    inner.put(e.getName(), in.readAllBytes());
                }
            }
            JsonNode manifest = JSON.readTree(inner.get("rsmf_manifest.json"));
            List<Error> errors = RSMF_SCHEMA.validate(manifest);
            assertThat(errors).as(f.getKey() + " manifest").isEmpty();
            assertThat(manifest.path("version").asString()).isEqualTo("2.0.0");
            assertThat(manifest.path("events").size()).isEqualTo(Integer.parseInt(m.getHeader("X-RSMF-EventCount", null)));
            List<Long> here = new ArrayList<>();
            for (JsonNode e : manifest.path("events")) {
                for (JsonNode c : e.path("custom")) {
                    if (c.path("name").asString().equals("ItemId")) {
                        here.add(Long.parseLong(c.path("value").asString()));
                    }
                }
                for (JsonNode a : e.path("attachments")) {
                    assertThat(inner).as("attachment file in rsmf.zip").containsKey(a.path("id").asString());
                }
            }
            assertThat(here).containsExactlyInAnyOrderElementsOf(f.getValue());
            events.addAll(here);
        }
        return events;
    }

    /** The DAT load file: UTF-8 BOM, Concordance delimiters, a header, one Message row per item whose native hash matches. */
    Map<Long, CSVRecord> verifyDat(Map<Long, CSVRecord> byItem) throws Exception {
        byte[] dat = files.get("loadfile.dat");
        assertThat(dat).isNotNull();
        assertThat(new byte[]{dat[0], dat[1], dat[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(dat, 3, dat.length - 3, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\u00feDOCID\u00fe\u0014\u00feBEGATTACH\u00fe\u0014").contains("\r\n");
        CSVFormat format = CSVFormat.Builder.create().setDelimiter('\u0014').setQuote('\u00fe').setQuoteMode(QuoteMode.ALL)
                .setRecordSeparator("\r\n").setHeader().setSkipHeaderRecord(true).get();
        Map<Long, CSVRecord> messages = new HashMap<>();
        Map<String, CSVRecord> docs = new HashMap<>();
        try (CSVParser p = CSVParser.builder().setReader(new java.io.StringReader(text)).setFormat(format).get()) {
            for (CSVRecord r : p) {
                assertThat(docs.put(r.get("DOCID"), r)).as("DOCID " + r.get("DOCID") + " twice").isNull();
                assertThat(r.get("TEXTPATH").isEmpty() || files.containsKey(r.get("TEXTPATH"))).isTrue();
                if (!r.get("NATIVEPATH").isEmpty()) {
                    assertThat(sha256(files.get(r.get("NATIVEPATH")))).as(r.get("NATIVEPATH")).isEqualTo(r.get("SHA256"));
                }
                if (r.get("DOCTYPE").equals("Message")) {
                    long id = Long.parseLong(r.get("DOCID").substring(4));
                    assertThat(messages.put(id, r)).isNull();
                    assertThat(r.get("NATIVEPATH")).isEqualTo(byItem.get(id).get("Path"));
                    assertThat(r.get("SUBJECT")).doesNotContain("\n");
                } else {
                    assertThat(docs).containsKey(r.get("PARENTDOCID"));
                    assertThat(r.get("BEGATTACH")).isEqualTo(r.get("PARENTDOCID"));
                }
            }
        }
        assertThat(messages.keySet()).isEqualTo(byItem.keySet());
        return messages;
    }
}

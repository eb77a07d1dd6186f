package io.custodia.ediscovery.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.springframework.stereotype.Component;

import io.custodia.ediscovery.EdiscoveryProperties;

/**
 * Concordance DAT load file with natives and extracted text (reference/anchors.md §B.3): one document
 * per item (its native is the item as EML, its text the prompt or response) and one per uploaded file
 * (native as uploaded, text as extracted), families linked by BEGATTACH/ENDATTACH and PARENTDOCID.
 * Values are quoted with þ and separated by DC4 (Concordance defaults, configurable), newlines inside a
 * value become ®, records end with CRLF; the file is UTF-8 with a BOM, which Relativity detects.
 */
@Component
class DatFiles {

    static final List<String> FIELDS = List.of("DOCID", "BEGATTACH", "ENDATTACH", "PARENTDOCID", "ATTACHIDS", "CUSTODIAN",
            "ITEMCLASS", "KIND", "DOCTYPE", "FROM", "TO", "SUBJECT", "DATESENT", "CONVERSATIONID", "MESSAGEID", "FILENAME",
            "FILEEXT", "FILESIZE", "SHA256", "NATIVEPATH", "TEXTPATH", "SENSITIVITYLABEL", "MODEL");
    static final String LOAD_FILE = "loadfile.dat";

    /** What one item became: its native (the file Results.csv names) and its load-file rows. */
    record Rendered(PackageFiles.Written nativeFile, List<List<String>> rows) {
    }

    private final EmlMessages eml;
    private final EdiscoveryProperties.Dat dat;

    DatFiles(EmlMessages eml, EdiscoveryProperties props) {
        this.eml = eml;
        this.dat = props.export().dat();
    }

    static String docId(long itemId) {
        return String.format("CUST%010d", itemId);
    }

    Rendered write(Path root, ExportItem item, List<String> warnings) {
        String docId = docId(item.id());
        // the attachments are documents of their own here: their warnings come from below, not from the EML
        PackageFiles.Written nat = PackageFiles.write(root, "NATIVES/" + docId + ".eml", out -> eml.write(item, out, new ArrayList<>()));
        PackageFiles.Written text = PackageFiles.write(root, "TEXT/" + docId + ".txt",
                out -> out.write((item.body() == null ? "" : item.body()).getBytes(StandardCharsets.UTF_8)));
        List<List<String>> rows = new ArrayList<>();
        List<String> attachIds = new ArrayList<>();
        List<List<String>> children = new ArrayList<>();
        int n = 0;
        for (ExportItem.Attachment a : item.attachments()) {
            String childId = docId + "." + String.format("%03d", ++n);
            String name = a.name() == null || a.name().isBlank() ? a.fileId() : a.name();
            String ext = PackageFiles.extension(name);
            PackageFiles.Written childNative = null;
            if (a.nativeBytes() != null) {
                childNative = PackageFiles.write(root, "NATIVES/" + childId + (ext.isEmpty() ? "" : "." + ext),
                        out -> out.write(a.nativeBytes()));
            } else {
                warnings.add("native of file " + a.fileId() + " (" + name + ") is not in the store; document " + childId
                        + " has its extracted text only");
            }
            PackageFiles.Written childText = a.extractedText() == null ? null : PackageFiles.write(root, "TEXT/" + childId + ".txt",
                    out -> out.write(a.extractedText().getBytes(StandardCharsets.UTF_8)));
            attachIds.add(childId);
            children.add(List.of(childId, "", "", docId, "", item.custodian(), item.itemClass(), "attachment", "Attachment",
                    "", "", "", "", item.conversationId(), item.messageId(), name, ext,
                    childNative != null ? String.valueOf(childNative.size()) : a.sizeBytes() == null ? "" : String.valueOf(a.sizeBytes()),
                    childNative != null ? childNative.sha256() : a.sha256() == null ? "" : a.sha256(),
                    childNative != null ? childNative.path() : "", childText != null ? childText.path() : "",
                    nz(a.sensitivityLabel()), ""));
        }
        String end = attachIds.isEmpty() ? docId : attachIds.get(attachIds.size() - 1);
        rows.add(List.of(docId, docId, end, "", String.join(dat.multiValue(), attachIds), item.custodian(), item.itemClass(),
                item.kind(), "Message", nz(item.sender()), nz(item.recipients()), nz(item.subject()), item.sentAt().toString(),
                item.conversationId(), item.messageId(), docId + ".eml", "eml", String.valueOf(nat.size()), nat.sha256(),
                nat.path(), text.path(), nz(item.sensitivityLabel()), nz(item.model())));
        for (List<String> child : children) {
            List<String> c = new ArrayList<>(child);
            c.set(1, docId);
            c.set(2, end);
            rows.add(c);
        }
        return new Rendered(nat, rows);
    }

    /** The DAT dialect: every value quoted, doubled quote characters inside, CRLF records. */
    CSVFormat format() {
        return CSVFormat.Builder.create()
                .setDelimiter(dat.delimiter())
                .setQuote(dat.quote().charAt(0))
                .setQuoteMode(QuoteMode.ALL)
                .setRecordSeparator("\r\n")
                .get();
    }

    void header(Writer out) throws IOException {
        print(out, List.of(FIELDS));
    }

    void print(Writer out, List<List<String>> rows) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, format());
        for (List<String> row : rows) {
            List<String> values = new ArrayList<>(row.size());
            for (String v : row) {
                values.add(v == null ? "" : v.replace("\r\n", dat.newline()).replace('\n', dat.newline().charAt(0))
                        .replace('\r', dat.newline().charAt(0)));
            }
            printer.printRecord(values);
        }
        printer.flush();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

import java.io.*;
import java.nio.file.*;
import java.util.*;
import org.apache.poi.xwpf.usermodel.*;
import org.apache.poi.xssf.usermodel.*;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.poifs.crypt.*;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.pdfbox.pdmodel.*;
import org.apache.pdfbox.pdmodel.font.*;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

public class SampleGen {
  static final String GENERAL = "3b0a56a4-93c0-4d35-a2e2-3f1e1d9c7b11";
  static final String CONFIDENTIAL = "f42aa342-8706-4288-bd11-ebb85995028c";
  static final String HIGHLY = "9a6c1f0e-2b7d-4c58-8e31-5d0b7a4f2e96";
  static final String TENANT = "0b6f2c1d-8e4a-4c2b-9d1f-5a3e7c9b1d20";

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    docx(out.resolve("onboarding-checklist.docx"), "Onboarding checklist – Engineering",
      List.of("Welcome to the engineering team. This checklist covers your first two weeks.",
              "Day 1: collect your laptop from IT, enrol in single sign-on and join the #eng-onboarding channel.",
              "Day 2: read the architecture overview and the incident response runbook.",
              "Week 1: pair with your onboarding buddy on two small tickets and attend the release review.",
              "Week 2: present what you learned at the Friday demo and agree goals for your first quarter."),
      GENERAL, "General");
    docx(out.resolve("vendor-contract-draft.docx"), "Master services agreement – draft v3",
      List.of("This Master Services Agreement is entered into between Northwind Traders Ltd and Fabrikam Partners LLC.",
              "1. Services. Fabrikam will provide data migration and managed hosting services described in Schedule A.",
              "2. Fees. Fees are payable within thirty days of invoice. Late payments accrue interest at 1% per month.",
              "3. Confidentiality. Each party shall protect the other party's confidential information with reasonable care.",
              "4. Term. The agreement starts on the effective date and continues for twenty-four months.",
              "Payment details: beneficiary Fabrikam Partners LLC; bank details follow in Schedule B.",
              "Contact for notices: legal team, Fabrikam Partners LLC, 1200 Harbor Drive, Seattle."),
      CONFIDENTIAL, "Confidential");
    docxEncrypted(out.resolve("salary-review-protected.docx"), "Salary review 2026 (protected)",
      List.of("Compensation bands for 2026 and proposed adjustments per team.", "Do not forward."), "Rev!ew-2026");
    xlsx(out.resolve("pipeline-forecast.xlsx"), HIGHLY, "Highly Confidential");
    pdf(out.resolve("q3-revenue-summary.pdf"), "Q3 revenue summary",
      List.of("Revenue for the third quarter reached 48.2 million, up 12 percent year on year.",
              "Subscription revenue grew 18 percent, services revenue declined 4 percent.",
              "EMEA contributed 41 percent of bookings; North America 44 percent; APAC 15 percent.",
              "Gross margin improved to 71 percent on lower hosting costs after the data centre migration.",
              "Outlook: the fourth quarter pipeline covers 2.7 times the remaining target."),
      CONFIDENTIAL, "Confidential");
    pdf(out.resolve("travel-policy-2026.pdf"), "Travel policy 2026",
      List.of("Book flights through the corporate travel portal at least fourteen days in advance.",
              "Economy class applies to flights under six hours; premium economy above.",
              "Hotels up to the city cap listed in appendix B; submit receipts within thirty days."),
      null, null);
    Files.writeString(out.resolve("meeting-notes.txt"), String.join("\n",
      "Weekly product sync – notes",
      "",
      "Attendees: product, design, engineering leads",
      "- Beacon beta feedback: onboarding flow is confusing on step 3; design to propose a simpler layout.",
      "- Cobalt release slipped one week because of the payment provider certification.",
      "- Decision: sunset the legacy export screen after the Q4 release.",
      "- Action: engineering to estimate the migration of saved reports by Thursday.",
      ""));
    Files.writeString(out.resolve("support-tickets.csv"), String.join("\n",
      "ticket,opened,customer,priority,summary",
      "T-10421,2026-10-02,Globex,high,Export to CSV times out for large reports",
      "T-10422,2026-10-02,Initech,low,Typo in invoice email template",
      "T-10430,2026-10-03,Umbrella Health,medium,SSO login loops for users with expired sessions",
      "T-10437,2026-10-04,Stark Industries,high,Webhook deliveries delayed by several minutes",
      ""));
  }

  static void label(POIXMLProperties props, String guid, String name) {
    if (guid == null) return;
    var c = props.getCustomProperties();
    String p = "MSIP_Label_" + guid + "_";
    c.addProperty(p + "Enabled", "true");
    c.addProperty(p + "SetDate", "2026-03-02T09:14:27Z");
    c.addProperty(p + "Method", "Standard");
    c.addProperty(p + "Name", name);
    c.addProperty(p + "SiteId", TENANT);
    c.addProperty(p + "ActionId", UUID.nameUUIDFromBytes(name.getBytes()).toString());
    c.addProperty(p + "ContentBits", "0");
  }

  static XWPFDocument doc(String title, List<String> paras) {
    XWPFDocument d = new XWPFDocument();
    XWPFParagraph t = d.createParagraph();
    XWPFRun r = t.createRun(); r.setBold(true); r.setFontSize(16); r.setText(title);
    for (String p : paras) d.createParagraph().createRun().setText(p);
    d.getProperties().getCoreProperties().setTitle(title);
    d.getProperties().getCoreProperties().setCreator("Dana Dubois");
    return d;
  }

  static void docx(Path f, String title, List<String> paras, String guid, String name) throws Exception {
    try (XWPFDocument d = doc(title, paras); OutputStream o = Files.newOutputStream(f)) {
      label(d.getProperties(), guid, name);
      d.write(o);
    }
  }

  static void docxEncrypted(Path f, String title, List<String> paras, String password) throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (XWPFDocument d = doc(title, paras)) { d.write(plain); }
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
      Encryptor enc = info.getEncryptor();
      enc.confirmPassword(password);
      try (OutputStream os = enc.getDataStream(fs)) { os.write(plain.toByteArray()); }
      try (OutputStream o = Files.newOutputStream(f)) { fs.writeFilesystem(o); }
    }
  }

  static void xlsx(Path f, String guid, String name) throws Exception {
    try (XSSFWorkbook w = new XSSFWorkbook(); OutputStream o = Files.newOutputStream(f)) {
      XSSFSheet s = w.createSheet("Pipeline");
      String[][] rows = {
        {"Account", "Stage", "Owner", "Amount", "Close date"},
        {"Globex", "Negotiation", "Sami Rossi", "420000", "2026-12-15"},
        {"Initech", "Proposal", "Mina Weber", "185000", "2027-01-20"},
        {"Umbrella Health", "Discovery", "Luis Tanaka", "96000", "2027-02-28"},
        {"Stark Industries", "Commit", "Hana Okafor", "640000", "2026-12-05"},
        {"Wayne Logistics", "Proposal", "Eli Schmidt", "210000", "2027-01-31"}};
      for (int i = 0; i < rows.length; i++) {
        XSSFRow r = s.createRow(i);
        for (int j = 0; j < rows[i].length; j++) {
          if (i > 0 && j == 3) r.createCell(j).setCellValue(Double.parseDouble(rows[i][j]));
          else r.createCell(j).setCellValue(rows[i][j]);
        }
      }
      w.getProperties().getCoreProperties().setTitle("FY27 pipeline forecast");
      label(w.getProperties(), guid, name);
      w.write(o);
    }
  }

  static void pdf(Path f, String title, List<String> lines, String guid, String name) throws Exception {
    try (PDDocument d = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      d.addPage(page);
      PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      try (PDPageContentStream cs = new PDPageContentStream(d, page)) {
        cs.beginText(); cs.setFont(bold, 16); cs.newLineAtOffset(60, 770); cs.showText(title); cs.endText();
        float y = 740;
        for (String l : lines) {
          cs.beginText(); cs.setFont(font, 11); cs.newLineAtOffset(60, y); cs.showText(l); cs.endText();
          y -= 18;
        }
      }
      PDDocumentInformation info = d.getDocumentInformation();
      info.setTitle(title); info.setAuthor("Finance Operations");
      if (guid != null) {
        String p = "MSIP_Label_" + guid + "_";
        info.setCustomMetadataValue(p + "Enabled", "true");
        info.setCustomMetadataValue(p + "Name", name);
        info.setCustomMetadataValue(p + "SiteId", TENANT);
        info.setCustomMetadataValue(p + "Method", "Standard");
        info.setCustomMetadataValue(p + "SetDate", "2026-03-02T09:14:27Z");
      }
      d.save(f.toFile());
    }
  }
}

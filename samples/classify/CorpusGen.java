import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Generates the labelled classification corpus in this folder, deterministically:
 * {@code java samples/classify/CorpusGen.java samples/classify}.
 *
 * One JSON-lines file per SIT: positives (the value next to its evidence, at varied distances and
 * formats) and hard negatives (broken checksums, forbidden ranges, look-alikes without their keywords,
 * documented example values and placeholders). Every record lists in "expected" all SITs the text
 * really contains, so the test can score every SIT over the whole corpus. {@code ordinary.jsonl} holds
 * everyday business prose that contains none.
 */
public class CorpusGen {

    static final SplittableRandom R = new SplittableRandom(20261128L);
    static final String DIGITS = "0123456789";
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final String BASE64 = BASE62 + "+/";
    static final String HEX = "0123456789abcdef";

    record Rec(String id, String text, List<String> expected) {
    }

    static final Map<String, List<Rec>> FILES = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "samples/classify");
        creditCard();
        euDebit();
        ssn();
        bankAccount();
        routing();
        iban();
        passport();
        nino();
        driversLicense();
        email();
        phone();
        ipv4();
        ipv6();
        awsAccessKey();
        awsSecretKey();
        azureKey();
        githubToken();
        openAiKey();
        slackToken();
        privateKey();
        jwt();
        password();
        medical();
        ordinary();
        for (Map.Entry<String, List<Rec>> e : FILES.entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (Rec r : e.getValue()) {
                sb.append("{\"id\":").append(json(r.id)).append(",\"text\":").append(json(r.text)).append(",\"expected\":[");
                for (int i = 0; i < r.expected.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(json(r.expected.get(i)));
                }
                sb.append("]}\n");
            }
            Files.writeString(out.resolve(e.getKey() + ".jsonl"), sb.toString(), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ helpers

    static void add(String file, String kind, String text, String... expected) {
        List<Rec> list = FILES.computeIfAbsent(file, k -> new ArrayList<>());
        list.add(new Rec(file + "/" + kind + "/" + String.format("%03d", list.size() + 1), text, List.of(expected)));
    }

    static void pos(String sit, String text, String... alsoExpected) {
        String[] e = new String[alsoExpected.length + 1];
        e[0] = sit;
        System.arraycopy(alsoExpected, 0, e, 1, alsoExpected.length);
        add(sit, "pos", text, e);
    }

    static void neg(String sit, String text, String... expected) {
        add(sit, "neg", text, expected);
    }

    static String pick(String... values) {
        return values[R.nextInt(values.length)];
    }

    static String chars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(R.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String fmt(String template, Object... values) {
        return String.format(template, values);
    }

    /** Neutral business prose, free of any SIT value and of the keywords the catalogue uses. */
    static final String[] FILLER = {
        "The steering group met on Tuesday to review progress.",
        "Everyone agreed the timeline still looks realistic.",
        "Marketing asked for a shorter summary before the launch.",
        "We will revisit the open questions next week.",
        "The design team shared two new mock-ups for feedback.",
        "Please keep the tone friendly and concise.",
        "Most of the work is already done, only the review remains.",
        "The vendor confirmed delivery for the end of the month.",
        "Our goal is to finish the migration before the holidays.",
        "Feedback from the pilot group was mostly positive.",
        "Let me know if anything in this note is unclear.",
        "The quarterly plan has three priorities and a stretch goal.",
        "Legal wants one more pass over the wording.",
        "The workshop is planned for the second floor meeting room.",
        "Thanks again for pulling this together so quickly.",
        "We should document the decision in the project wiki.",
        "The budget stays within the approved envelope.",
        "Several stakeholders asked about the rollout order of regions.",
        "I will send the final draft after lunch.",
        "The onboarding guide needs a refresh for new joiners.",
        "This is a reminder about the offsite agenda.",
        "Attendance was high and the discussion was lively."};

    static String filler(int minChars, int maxChars) {
        int target = minChars + (maxChars > minChars ? R.nextInt(maxChars - minChars + 1) : 0);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < target) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(FILLER[R.nextInt(FILLER.length)]);
        }
        return sb.toString();
    }

    /** Up to ~150 characters of filler (evidence comfortably inside 300 characters). */
    static String near() {
        int k = R.nextInt(4);
        return k == 0 ? "" : filler(20 * k, 50 * k);
    }

    /** More than 300 characters of filler (evidence out of range). */
    static String far() {
        return filler(340, 420);
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ------------------------------------------------------------------ numbers

    static int luhnCheck(String partial) {
        int sum = 0;
        for (int i = partial.length() - 1, pos = 0; i >= 0; i--, pos++) {
            int v = partial.charAt(i) - '0';
            if (pos % 2 == 0) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
        }
        return (10 - sum % 10) % 10;
    }

    static String luhnNumber(String prefix, int length) {
        String body = prefix + chars(DIGITS, length - prefix.length() - 1);
        return body + luhnCheck(body);
    }

    static String breakLuhn(String number) {
        int last = number.charAt(number.length() - 1) - '0';
        return number.substring(0, number.length() - 1) + (last + 1 + R.nextInt(8)) % 10;
    }

    static String cardNumber() {
        return switch (R.nextInt(7)) {
            case 0, 1 -> luhnNumber("4" + chars(DIGITS, 3), 16);
            case 2 -> luhnNumber(String.valueOf(51 + R.nextInt(5)), 16);
            case 3 -> luhnNumber(String.valueOf(2221 + R.nextInt(500)), 16);
            case 4 -> luhnNumber(pick("34", "37"), 15);
            case 5 -> luhnNumber(pick("6011", "65" + chars(DIGITS, 2)), 16);
            default -> luhnNumber(String.valueOf(3528 + R.nextInt(60)), 16);
        };
    }

    static String formatCard(String d) {
        if (d.length() == 15) {
            return switch (R.nextInt(3)) {
                case 0 -> d.substring(0, 4) + " " + d.substring(4, 10) + " " + d.substring(10);
                case 1 -> d.substring(0, 4) + "-" + d.substring(4, 10) + "-" + d.substring(10);
                default -> d;
            };
        }
        String sep = pick(" ", "-", "", " ");
        if (sep.isEmpty() || d.length() % 4 != 0 && d.length() != 19) {
            return d;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(sep);
            }
            sb.append(d.charAt(i));
        }
        return sb.toString();
    }

    static String expiry() {
        return fmt("%02d/%s", 1 + R.nextInt(12), pick("27", "28", "29", "2030", "31"));
    }

    // ------------------------------------------------------------------ credit cards

    static void creditCard() {
        String sit = "credit-card-number";
        String[] templates = {
            "Please charge my Visa card %s for the renewal.",
            "Card number: %s, expiry %s.",
            "Can you update the corporate card on file to %s (exp %s)?",
            "My Mastercard is %s and the CVV is on the back.",
            "Use the Amex %s for the hotel booking.",
            "Kreditkartennummer %s, gültig bis %s.",
            "The customer read out the credit card number %s over the chat.",
            "Payment card: %s | valid thru %s",
            "Numéro de carte %s, date d'expiration %s.",
            "cc# %s exp %s cvv2 on file",
            "Billing issue: the card %s was declined twice yesterday.",
            "Número de tarjeta de crédito: %s"};
        for (int i = 0; i < 60; i++) {
            String t = templates[i % templates.length];
            String card = formatCard(cardNumber());
            String text = t.contains("%s, expiry") || t.contains("exp %s") || t.contains("gültig") || t.contains("valid thru")
                    || t.contains("d'expiration") || t.contains("expiry %s")
                    ? fmt(t, card, expiry()) : fmt(t, card);
            if (i % 3 == 1) {
                text = near() + " " + text;
            } else if (i % 3 == 2) {
                text = text + " " + near();
            }
            pos(sit, text.strip());
        }
        // card number alone (Purview's 65): a bare valid number in a payment context sentence without keywords
        for (int i = 0; i < 8; i++) {
            pos(sit, fmt("Here it is: %s. %s", formatCard(cardNumber()), near()).strip());
        }
        // hard negatives
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("My Visa card number is %s, expiry %s.", formatCard(breakLuhn(cardNumber())), expiry()));
        }
        String[] labels = {"Order number", "Tracking number", "Invoice no.", "Reference", "Shipment ID", "Ticket",
            "Confirmation number", "Transaction ID", "Serial number", "Booking reference"};
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("%s %s %s", labels[i % labels.length], formatCard(cardNumber()), near()).strip());
        }
        String[] tests = {"4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "3782 822463 10005",
            "6011 1111 1111 1117", "4012 8888 8888 1881", "5105105105105100", "3530 1113 3330 0000"};
        for (String t : tests) {
            neg(sit, fmt("For testing, use the card number %s with any future expiry date.", t));
        }
        for (int i = 0; i < 6; i++) {
            neg(sit, fmt("Card on file: %s (expires %s).", pick("**** **** **** ", "XXXX-XXXX-XXXX-", "xxxx xxxx xxxx ")
                    + chars(DIGITS, 4), expiry()));
        }
        for (int i = 0; i < 6; i++) {
            // issuer prefixes no brand uses (9, 1, 7), Luhn valid
            neg(sit, fmt("The card number %s was rejected by the gateway.", formatCard(luhnNumber(pick("9", "1", "7")
                    + chars(DIGITS, 3), 16))));
        }
        for (int i = 0; i < 6; i++) {
            neg(sit, fmt("Build %s finished at epoch %s ms.", chars(DIGITS, 5), "17" + chars(DIGITS, 11)));
        }
    }

    static void euDebit() {
        String sit = "eu-debit-card";
        String[] templates = {
            "Please refund to my Maestro card %s.",
            "Bancontact kaart %s vervalt %s.",
            "Ma carte bleue %s expire le %s.",
            "Die Girocard-Nummer lautet %s.",
            "Betaal met V Pay: %s",
            "Carta bancomat numero %s, scadenza %s.",
            "My Dankort number is %s.",
            "Cartão multibanco %s, validade %s.",
            "Debitkarte %s, gültig bis %s.",
            "Pinpas %s is blocked since yesterday."};
        for (int i = 0; i < 48; i++) {
            String d = switch (i % 4) {
                case 0 -> luhnNumber(pick("6759", "6763", "5018", "5020", "5038", "6304"), pick("16", "18", "19").equals("16") ? 16 : 19);
                case 1 -> luhnNumber("4" + chars(DIGITS, 3), 16);
                case 2 -> luhnNumber(String.valueOf(51 + R.nextInt(5)), 16);
                default -> luhnNumber(pick("6759", "5018", "6761"), 16);
            };
            String t = templates[i % templates.length];
            String card = d.length() == 16 ? formatCard(d) : d;
            String text = t.chars().filter(c -> c == '%').count() == 2 ? fmt(t, card, expiry()) : fmt(t, card);
            pos(sit, (i % 2 == 0 ? near() + " " : "") + text, "credit-card-number");
        }
        // credit cards in English credit-card wording are not EU debit cards
        for (int i = 0; i < 24; i++) {
            neg(sit, fmt("Charge the Visa credit card %s, expiry %s.", formatCard(luhnNumber("4" + chars(DIGITS, 3), 16)),
                    expiry()), "credit-card-number");
        }
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("My Maestro card number is %s.", formatCard(breakLuhn(luhnNumber("6759", 16)))));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, fmt("Maestro card number %s (test value from the acquirer's guide).",
                    pick("6759 6498 2643 8453", "5019 7170 1010 3742", "6759649826438453")));
        }
    }

    // ------------------------------------------------------------------ national ids

    static String ssn(boolean formatted) {
        int area;
        do {
            area = 1 + R.nextInt(899);
        } while (area == 666);
        String s = fmt("%03d%02d%04d", area, 1 + R.nextInt(99), 1 + R.nextInt(9999));
        if (!formatted) {
            return s;
        }
        String sep = pick("-", "-", " ");
        return s.substring(0, 3) + sep + s.substring(3, 5) + sep + s.substring(5);
    }

    static void ssn() {
        String sit = "us-ssn";
        String[] templates = {
            "Employee SSN: %s",
            "Her social security number is %s, please update the W-4.",
            "SSN# %s on the enrollment form",
            "Social Security No. %s was entered twice.",
            "Can you verify the SSN %s against the HR file?",
            "Soc Sec %s",
            "The applicant's Social Security Number (%s) is missing a digit in the scan.",
            "ss# %s"};
        for (int i = 0; i < 60; i++) {
            String t = templates[i % templates.length];
            boolean formatted = i % 4 != 3;
            String v = ssn(formatted);
            String text = switch (i % 3) {
                case 0 -> fmt(t, v);
                case 1 -> fmt(t, v) + " " + near();
                default -> {
                    // keyword first, value later in the text
                    yield "Regarding the social security number: " + near() + " The value is " + v + ".";
                }
            };
            pos(sit, text.strip());
        }
        for (String bad : new String[]{"000-12-3456", "666-45-1234", "912-34-5678", "987-65-4321", "123-00-4567",
            "123-45-0000", "078-05-1120", "219-09-9999", "123-45-6789", "111-11-1111", "900-12-3456", "999-99-9999"}) {
            neg(sit, fmt("SSN: %s", bad));
            neg(sit, fmt("Her social security number is %s.", bad.replace("-", "")));
        }
        String[] labels = {"Order", "Ticket", "Invoice", "Part number", "Tracking", "Case number"};
        for (int i = 0; i < 18; i++) {
            neg(sit, fmt("%s %s was updated this morning.", labels[i % labels.length], ssn(i % 2 == 0)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("The social security office reopened. %s Reference code %s.", far(), ssn(true)));
        }
    }

    static String account() {
        String d;
        do {
            d = chars(DIGITS, 8 + R.nextInt(5));
        } while (d.charAt(0) == '0');
        return d;
    }

    static String routingValue() {
        while (true) {
            int prefix = pick("0", "1", "2", "3", "6", "7").equals("0") ? R.nextInt(13)
                    : pick("21", "22", "26", "31", "61", "67", "71").charAt(0) == '2' ? 21 + R.nextInt(12) : 61 + R.nextInt(12);
            String body = fmt("%02d", prefix) + chars(DIGITS, 6);
            int[] w = {3, 7, 1};
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (body.charAt(i) - '0') * w[i % 3];
            }
            int check = (10 - sum % 10) % 10;
            String r = body + check;
            if (!r.equals("123456780")) {
                return r;
            }
        }
    }

    static String breakRouting(String r) {
        int last = r.charAt(8) - '0';
        return r.substring(0, 8) + (last + 1 + R.nextInt(8)) % 10;
    }

    static void bankAccount() {
        String sit = "us-bank-account-number";
        String[] templates = {
            "Checking account number: %s",
            "Please deposit my paycheck into savings account %s.",
            "Bank account # %s at Wells Fargo.",
            "Direct deposit: account number %s at our credit union.",
            "My checking acct is %s.",
            "Debit account %s will be used for the autopay.",
            "Wire the funds to bank acct %s, beneficiary Jordan Lee.",
            "Acct no. %s (checking) at Chase"};
        for (int i = 0; i < 50; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], account()));
        }
        for (int i = 0; i < 12; i++) {
            pos(sit, fmt("For direct deposit use routing number %s and checking account %s.", routingValue(), account()),
                    "aba-routing-number");
        }
        String[] labels = {"Order number", "Invoice", "Tracking number", "Customer ID", "Ticket", "Reference", "Member ID"};
        for (int i = 0; i < 28; i++) {
            neg(sit, fmt("%s %s, please confirm receipt of the bank transfer.", labels[i % labels.length], account()));
        }
        for (int i = 0; i < 14; i++) {
            neg(sit, fmt("Your loyalty account %s now has %d points.", account(), 100 + R.nextInt(900)));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("Savings account rates rose again. %s Batch %s was processed.", far(), account()));
        }
    }

    static void routing() {
        String sit = "aba-routing-number";
        String[] templates = {
            "ABA routing number: %s",
            "Routing # %s",
            "Please use RTN %s for ACH transfers.",
            "The bank routing number is %s.",
            "ABA %s (wire)",
            "routing transit number %s"};
        for (int i = 0; i < 50; i++) {
            String r = routingValue();
            if (i % 5 == 4) {
                r = r.substring(0, 4) + "-" + r.substring(4, 8) + "-" + r.charAt(8);
            }
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], r));
        }
        for (int i = 0; i < 25; i++) {
            neg(sit, fmt("ABA routing number: %s", breakRouting(routingValue())));
        }
        for (int i = 0; i < 10; i++) {
            // checksum valid but outside the Federal Reserve prefixes
            String r;
            do {
                r = routingValue();
                r = fmt("%02d", 40 + R.nextInt(20)) + r.substring(2);
            } while (false);
            neg(sit, fmt("Routing number %s", fixAba(r)));
        }
        String[] labels = {"Order", "Tracking number", "Invoice", "Ticket", "Claim number"};
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("%s %s has shipped.", labels[i % labels.length], routingValue()));
        }
    }

    static String fixAba(String r) {
        String body = r.substring(0, 8);
        int[] w = {3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (body.charAt(i) - '0') * w[i % 3];
        }
        return body + (10 - sum % 10) % 10;
    }

    // ------------------------------------------------------------------ IBAN

    static final Object[][] IBAN_FORMATS = {
        {"DE", 18, "n"}, {"GB", 18, "4a14n"}, {"FR", 23, "n"}, {"NL", 14, "4a10n"}, {"ES", 20, "n"},
        {"IT", 23, "1a22n"}, {"BE", 12, "n"}, {"CH", 17, "n"}, {"AT", 16, "n"}, {"PL", 24, "n"}, {"SE", 20, "n"},
        {"IE", 18, "4a14n"}, {"PT", 21, "n"}, {"DK", 14, "n"}, {"FI", 14, "n"}, {"NO", 11, "n"}, {"LU", 16, "n"}};

    static String iban(Object[] f) {
        String country = (String) f[0];
        int len = (Integer) f[1];
        String shape = (String) f[2];
        String bban;
        if (shape.equals("n")) {
            bban = chars(DIGITS, len);
        } else if (shape.startsWith("4a")) {
            bban = chars(UPPER, 4) + chars(DIGITS, len - 4);
        } else {
            bban = chars(UPPER, 1) + chars(DIGITS, len - 1);
        }
        StringBuilder num = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            num.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + fmt("%02d", check) + bban;
    }

    static String groupBy4(String s) {
        return s.replaceAll("(.{4})", "$1 ").strip();
    }

    static void iban() {
        String sit = "iban";
        String[] templates = {
            "IBAN: %s",
            "Please transfer the deposit to %s by Friday.",
            "Kontoverbindung: IBAN %s, BIC COBADEFFXXX",
            "Bank details - account %s (EUR).",
            "Our new bank account is %s, the old one is closed.",
            "Virement sur le compte %s svp."};
        for (int i = 0; i < 60; i++) {
            String v = iban(IBAN_FORMATS[i % IBAN_FORMATS.length]);
            String shown = i % 3 == 0 ? v : groupBy4(v);
            pos(sit, ((i % 4 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], shown));
        }
        for (int i = 0; i < 25; i++) {
            String v = iban(IBAN_FORMATS[i % IBAN_FORMATS.length]);
            int k = 4 + R.nextInt(v.length() - 4);
            char c = v.charAt(k);
            char repl = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1 + R.nextInt(8)) % 10) : (char) ('A' + (c - 'A' + 1) % 26);
            String broken = v.substring(0, k) + repl + v.substring(k + 1);
            neg(sit, fmt("IBAN: %s", i % 2 == 0 ? groupBy4(broken) : broken));
        }
        for (int i = 0; i < 10; i++) {
            String v = iban(IBAN_FORMATS[i % IBAN_FORMATS.length]);
            neg(sit, fmt("IBAN %s", groupBy4(v.substring(0, v.length() - 2))));
        }
        for (String ex : new String[]{"DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "GB29 NWBK 6016 1331 9268 19",
            "FR14 2004 1010 0505 0001 3M02 606", "NL91 ABNA 0417 1643 00", "BE68 5390 0754 7034", "CH93 0076 2011 6238 5295 7",
            "ES91 2100 0418 4502 0005 1332"}) {
            neg(sit, fmt("Example IBAN format: %s", ex));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, fmt("Part %s%s-%s ships from the warehouse.", chars(UPPER, 2), chars(DIGITS, 2), chars(UPPER + DIGITS, 12)));
        }
        for (int i = 0; i < 6; i++) {
            // unknown country code with a valid-looking structure
            neg(sit, fmt("Account XY%s %s", chars(DIGITS, 2), groupBy4(chars(DIGITS, 16))));
        }
    }

    static void passport() {
        String sit = "us-passport-number";
        String[] templates = {
            "Passport number: %s",
            "My US passport no. is %s, issued 2021.",
            "Passport # %s, date of expiry 2031-04-12",
            "Please add passport %s to the traveller profile.",
            "British passport %s (date of issue 03/2019)",
            "Traveller: A. Novak, passport number %s, expiry date 2029-11-30."};
        for (int i = 0; i < 54; i++) {
            String v = i % 2 == 0 ? chars(UPPER, 1) + chars(DIGITS, 8) : chars("123456789", 1) + chars(DIGITS, 8);
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], v));
        }
        for (int i = 0; i < 24; i++) {
            neg(sit, fmt("%s %s was dispatched.", pick("Order", "Tracking number", "Invoice", "Shipment", "Ticket"),
                    i % 2 == 0 ? chars(DIGITS, 9) : chars(UPPER, 1) + chars(DIGITS, 8)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("Passport number %s", chars(DIGITS, 7 + R.nextInt(2) * 3)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("Renew your passport early. %s Record %s.", far(), chars(DIGITS, 9)));
        }
        for (String ex : new String[]{"123456789", "000000000", "A12345678", "C12345678"}) {
            neg(sit, fmt("Passport number: %s (sample)", ex));
        }
    }

    static final String NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ";
    static final String NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ";

    static String ninoValue() {
        String p;
        do {
            p = chars(NINO_FIRST, 1) + chars(NINO_SECOND, 1);
        } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(p));
        String d = chars(DIGITS, 6);
        String s = chars("ABCD", 1);
        return switch (R.nextInt(4)) {
            case 0 -> p + d + s;
            case 1 -> p + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + s;
            case 2 -> p + "-" + d.substring(0, 2) + "-" + d.substring(2, 4) + "-" + d.substring(4) + "-" + s;
            default -> p + " " + d + " " + s;
        };
    }

    static void nino() {
        String sit = "uk-nino";
        String[] templates = {
            "National Insurance number: %s",
            "NI number %s for the payroll setup.",
            "Her NINO is %s.",
            "Please add %s to the starter checklist.",
            "NI No. %s",
            "Employee record updated with %s."};
        for (int i = 0; i < 54; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], ninoValue()));
        }
        for (int i = 0; i < 30; i++) {
            String p = chars("DFIQUV", 1) + chars(NINO_SECOND, 1);
            if (i % 3 == 1) {
                p = chars(NINO_FIRST, 1) + chars("DFIOQUV", 1);
            } else if (i % 3 == 2) {
                p = pick("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");
            }
            neg(sit, fmt("National Insurance number: %s%s%s", p, chars(DIGITS, 6), chars("ABCD", 1)));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("NI number %s%s%s", ninoValue().substring(0, 2), chars(DIGITS, 6), chars("EFGHJKXYZ", 1)));
        }
        for (String ex : new String[]{"QQ 12 34 56 C", "QQ123456C", "AB 12 34 56 C", "AB123456C"}) {
            neg(sit, fmt("Enter your National Insurance number, for example %s.", ex));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("Order %s%s%s shipped today.", chars(NINO_FIRST, 1) + chars(NINO_SECOND, 1), chars(DIGITS, 6),
                    chars("ABCD", 1)));
        }
    }

    static void driversLicense() {
        String sit = "us-drivers-license";
        Function<Integer, String[]> value = i -> switch (i % 6) {
            case 0 -> new String[]{chars(UPPER, 1) + chars(DIGITS, 7), "California"};
            case 1 -> new String[]{chars(DIGITS, 3) + " " + chars(DIGITS, 3) + " " + chars(DIGITS, 3), "New York"};
            case 2 -> new String[]{chars(UPPER, 1) + chars(DIGITS, 3) + "-" + chars(DIGITS, 3) + "-" + chars(DIGITS, 2) + "-"
                    + chars(DIGITS, 3) + "-" + chars(DIGITS, 1), "Florida"};
            case 3 -> new String[]{"2" + chars(DIGITS, 7), "Texas"};
            case 4 -> new String[]{chars(UPPER, 1) + chars(DIGITS, 3) + "-" + chars(DIGITS, 4) + "-" + chars(DIGITS, 4), "Illinois"};
            default -> new String[]{"WDL" + chars(UPPER + DIGITS, 9), "Washington"};
        };
        String[] templates = {
            "Driver's license number: %s (%s)",
            "%2$s DL# %1$s",
            "Her drivers license is %s, issued in %s.",
            "Copy of the driver license %s attached, state %s.",
            "CDL %s - %s",
            "Please verify the driver's licence %s."};
        for (int i = 0; i < 54; i++) {
            String[] v = value.apply(i);
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], v[0], v[1]));
        }
        for (int i = 0; i < 20; i++) {
            String[] v = value.apply(i);
            neg(sit, fmt("%s %s for the %s office.", pick("Software license key", "Order", "Tracking number", "Invoice",
                    "Serial number", "Product key"), v[0], v[1]));
        }
        for (int i = 0; i < 14; i++) {
            neg(sit, fmt("Driver's license renewals moved online. %s Reference %s.", far(), value.apply(i)[0]));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("Driver's license: date of birth %s.", fmt("19%02d%02d%02d", 50 + R.nextInt(49), 1 + R.nextInt(12),
                    1 + R.nextInt(28))));
        }
        for (String ex : new String[]{"D1234567", "A1234567", "123456789", "S123456789012"}) {
            neg(sit, fmt("Driver's license number format example: %s", ex));
        }
    }

    // ------------------------------------------------------------------ contact data

    static final String[] FIRST = {"maria", "jonas", "aiko", "lena", "omar", "priya", "tomas", "sofia", "wei", "amara",
        "lucas", "nadia", "ivan", "chloe", "mateo", "yuki"};
    static final String[] LAST = {"keller", "ngata", "ruiz", "okafor", "berg", "santos", "novak", "kim", "haddad", "moreau"};
    static final String[] DOMAINS = {"gmail.com", "outlook.com", "acme-corp.com", "globex.io", "university.edu",
        "stadtwerke-kiel.de", "mail.co.uk", "startup.ai", "bank-nordic.se", "yahoo.fr", "agency.com.au", "proton.me"};

    static String emailAddress() {
        String local = switch (R.nextInt(4)) {
            case 0 -> pick(FIRST) + "." + pick(LAST);
            case 1 -> pick(FIRST).charAt(0) + pick(LAST);
            case 2 -> pick(FIRST) + "_" + pick(LAST) + R.nextInt(100);
            default -> pick(FIRST) + "+" + pick("news", "billing", "travel");
        };
        String e = local + "@" + pick(DOMAINS);
        return R.nextInt(5) == 0 ? e.substring(0, 1).toUpperCase() + e.substring(1) : e;
    }

    static void email() {
        String sit = "email-address";
        String[] templates = {
            "Please send the contract to %s.",
            "Contact: %s",
            "cc %s on the thread",
            "Her address is <%s>.",
            "Reply-To: %s",
            "You can reach me at %s or on Teams.",
            "(%s)",
            "mailto:%s"};
        for (int i = 0; i < 60; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], emailAddress()));
        }
        String[] negatives = {"user@example.com", "name@example.org", "jane.doe@example.net", "someone@example.com",
            "your.name@company.com", "firstname.lastname@yourcompany.com", "test@test.com", "info@localhost",
            "admin@server.local", "john@contoso.com", "megan@fabrikam.com", "alias@domain.com", "you@yourdomain.com",
            "user@host", "git@github.com:acme/payments.git", "icon@2x.png", "logo@3x.webp", "lodash@4.17.21",
            "react@18.2.0", "@types/node@20.1.0", "support at acme dot com", "@maria on Slack", "name@@domain.com",
            "team@mail", "x@y", "svc@corp.internal", "admin@printer.lan", "email@address.com", "sample@demo.example",
            "a.b@sub.example.com"};
        for (String n : negatives) {
            neg(sit, fmt("See %s for details.", n));
            neg(sit, fmt("Placeholder in the template: %s", n));
        }
    }

    static String nanp() {
        int area;
        int exchange;
        do {
            area = 201 + R.nextInt(780);
        } while (area % 100 == 11);
        do {
            exchange = 201 + R.nextInt(780);
        } while (exchange == 555 || exchange % 100 == 11);
        String line = fmt("%04d", R.nextInt(10000));
        return switch (R.nextInt(5)) {
            case 0 -> fmt("(%d) %d-%s", area, exchange, line);
            case 1 -> fmt("%d-%d-%s", area, exchange, line);
            case 2 -> fmt("%d.%d.%s", area, exchange, line);
            case 3 -> fmt("+1 %d %d %s", area, exchange, line);
            default -> fmt("+1 (%d) %d-%s", area, exchange, line);
        };
    }

    static String intl() {
        return switch (R.nextInt(5)) {
            case 0 -> "+44 20 " + (7000 + R.nextInt(900 - 0) + (R.nextInt(2) == 0 ? 100 : 1000)) + " " + chars(DIGITS, 4);
            case 1 -> "+49 30 " + chars(DIGITS, 8);
            case 2 -> "+33 1 " + chars(DIGITS, 2) + " " + chars(DIGITS, 2) + " " + chars(DIGITS, 2) + " " + chars(DIGITS, 2);
            case 3 -> "+61 2 " + chars(DIGITS, 4) + " " + chars(DIGITS, 4);
            default -> "+81 3-" + chars(DIGITS, 4) + "-" + chars(DIGITS, 4);
        };
    }

    static void phone() {
        String sit = "phone-number";
        String[] templates = {
            "Call me at %s after 3pm.",
            "Phone: %s",
            "Her mobile number is %s.",
            "Tel. %s (office)",
            "You can text me on %s.",
            "Fax %s",
            "Please ring the front desk on %s.",
            "Contact number: %s"};
        for (int i = 0; i < 60; i++) {
            String v = i % 3 == 2 ? intl() : nanp();
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], v));
        }
        for (int i = 0; i < 8; i++) {
            pos(sit, fmt("The hotline moved to %s last week.", intl()));
        }
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("Call %s for the recorded weather line.", fmt("%s555-01%02d", pick("(212) ", "415-", "+1 312 "), R.nextInt(100))));
        }
        String[] labels = {"Order", "Tracking number", "Invoice", "Part number", "Ticket", "Reference"};
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("%s %d-%d-%04d was closed.", labels[i % labels.length], 201 + R.nextInt(700), 201 + R.nextInt(700),
                    R.nextInt(10000)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("Release %d.%d.%d ships on %d-%02d-%02d.", R.nextInt(10), R.nextInt(20), R.nextInt(50),
                    2020 + R.nextInt(8), 1 + R.nextInt(12), 1 + R.nextInt(28)));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, fmt("Batch %s finished.", chars("23456789", 1) + chars(DIGITS, 9)));
        }
        for (String ex : new String[]{"+44 20 7946 0958", "123-456-7890", "(555) 555-5555", "000-000-0000"}) {
            neg(sit, fmt("Phone: %s (example)", ex));
        }
    }

    static String ipv4Value() {
        return switch (R.nextInt(4)) {
            case 0 -> "10." + R.nextInt(256) + "." + R.nextInt(256) + "." + (1 + R.nextInt(254));
            case 1 -> "192.168." + R.nextInt(256) + "." + (1 + R.nextInt(254));
            case 2 -> "172." + (16 + R.nextInt(16)) + "." + R.nextInt(256) + "." + (1 + R.nextInt(254));
            default -> (11 + R.nextInt(110)) + "." + R.nextInt(256) + "." + R.nextInt(256) + "." + (1 + R.nextInt(254));
        };
    }

    static void ipv4() {
        String sit = "ipv4-address";
        String[] templates = {
            "The server IP is %s.",
            "Whitelist IP address %s on the firewall.",
            "ssh admin@%s failed twice.",
            "Client IP: %s",
            "Our VPN gateway sits at %s.",
            "DNS server %s stopped answering.",
            "Blocked traffic from source IP %s",
            "host %s is listening on port 8443"};
        for (int i = 0; i < 56; i++) {
            String text = fmt(templates[i % templates.length], ipv4Value());
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + text, text.contains("admin@") ? new String[0] : new String[0]);
        }
        for (int i = 0; i < 16; i++) {
            neg(sit, fmt("Upgrade to version %d.%d.%d.%d before Friday.", R.nextInt(20), R.nextInt(20), R.nextInt(100), R.nextInt(300)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("See section %d.%d.%d.%d of the standard.", 1 + R.nextInt(9), 1 + R.nextInt(9), 1 + R.nextInt(9), 1 + R.nextInt(9)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("The server IP is %s.", pick("192.0.2.", "198.51.100.", "203.0.113.") + (1 + R.nextInt(254))));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("Server IP %d.%d.%d.%d is invalid.", 256 + R.nextInt(700), R.nextInt(256), R.nextInt(256), R.nextInt(256)));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, fmt("The ratio moved from %d.%d to %d.%d.", R.nextInt(10), R.nextInt(10), R.nextInt(10), R.nextInt(10)));
        }
        neg(sit, "Subnet mask 255.255.255.0 on the office IP range.");
        neg(sit, "The server listens on 0.0.0.0 and the IP 127.0.0.1 for health checks.");
    }

    static String hextet() {
        return Integer.toHexString(R.nextInt(65536));
    }

    static String ipv6Value() {
        return switch (R.nextInt(4)) {
            case 0 -> "2a0" + R.nextInt(10) + ":" + hextet() + ":" + hextet() + ":" + hextet() + ":" + hextet() + ":" + hextet()
                    + ":" + hextet() + ":" + hextet();
            case 1 -> "fe80::" + hextet() + ":" + hextet() + ":" + hextet() + ":" + hextet();
            case 2 -> "2600:" + hextet() + ":" + hextet() + "::" + hextet();
            default -> "2001:" + (0xe00 + R.nextInt(0x100)) + ":" + hextet() + "::" + hextet() + ":" + hextet();
        };
    }

    static void ipv6() {
        String sit = "ipv6-address";
        String[] templates = {
            "The host resolves to %s.",
            "IPv6 address: %s",
            "ping6 %s returned no reply",
            "Interface eth0 has %s assigned.",
            "Please add %s to the allow list.",
            "Gateway %s is down."};
        for (int i = 0; i < 54; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], ipv6Value()));
        }
        for (int i = 0; i < 14; i++) {
            neg(sit, fmt("MAC address %s:%s:%s:%s:%s:%s on the badge reader.", chars(HEX, 2), chars(HEX, 2), chars(HEX, 2),
                    chars(HEX, 2), chars(HEX, 2), chars(HEX, 2)).toUpperCase().replace("MAC ADDRESS", "MAC address")
                    .replace(" ON THE BADGE READER", " on the badge reader"));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("The meeting moved to %02d:%02d:%02d UTC.", R.nextInt(24), R.nextInt(60), R.nextInt(60)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("Documentation address: 2001:db8:%s::%s", hextet(), hextet()));
        }
        for (String ex : new String[]{"std::vector<int>", "Foo::Bar::baz()", "a::b", "::", "::1", "ab:cd", "10:30",
            "de:ad:be:ef", "scope::name", "Namespace::Class"}) {
            neg(sit, fmt("In the code we call %s directly.", ex));
        }
    }

    // ------------------------------------------------------------------ credentials

    static String awsKeyId() {
        return pick("AKIA", "AKIA", "ASIA") + chars(BASE32, 16);
    }

    static void awsAccessKey() {
        String sit = "aws-access-key";
        String[] templates = {
            "aws_access_key_id = %s",
            "export AWS_ACCESS_KEY_ID=%s",
            "The IAM user key %s was rotated.",
            "\"AccessKeyId\": \"%s\",",
            "Found %s in the old CI logs.",
            "access key: %s"};
        for (int i = 0; i < 54; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], awsKeyId()));
        }
        for (int i = 0; i < 20; i++) {
            // digits 0, 1, 8, 9 are not in the base32 alphabet of key ids
            String v = "AKIA" + chars(BASE32, 15) + chars("0189", 1);
            neg(sit, fmt("aws_access_key_id = %s", v));
        }
        for (String ex : new String[]{"AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", "AKIAI44QH8DHBEXAMPLE", "AKIA1234567890ABCDEF",
            "AKIAYOURACCESSKEYID0", "ASIAXXXXXXXXEXAMPLE2"}) {
            neg(sit, fmt("aws_access_key_id = %s", ex));
            neg(sit, fmt("Replace %s with your own access key.", ex));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("Key id AKIA%s is too short.", chars(BASE32, 12)));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, fmt("Tracking code %s%s", pick("AKIB", "AKJA", "BKIA"), chars(BASE32, 16)));
        }
    }

    static String awsSecret() {
        String s;
        do {
            s = chars(BASE64, 40);
        } while (!(s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                && s.chars().anyMatch(Character::isDigit)));
        return s;
    }

    static void awsSecretKey() {
        String sit = "aws-secret-key";
        String[] templates = {
            "aws_secret_access_key = %s",
            "export AWS_SECRET_ACCESS_KEY=%s",
            "The secret access key is %s, rotate it today.",
            "\"SecretAccessKey\": \"%s\"",
            "secret key: %s"};
        for (int i = 0; i < 50; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], awsSecret()));
        }
        for (int i = 0; i < 16; i++) {
            pos(sit, fmt("aws_access_key_id = %s\naws_secret_access_key = %s", awsKeyId(), awsSecret()), "aws-access-key");
        }
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("secret key rotation done; commit %s", chars(HEX, 40)));
        }
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("Checksum %s for the release bundle.", awsSecret()));
        }
        for (String ex : new String[]{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "YOUR_SECRET_ACCESS_KEY_GOES_HERE_0000000", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"}) {
            neg(sit, fmt("aws_secret_access_key = %s", ex));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, fmt("aws_secret_access_key = %s", chars(BASE64, 32)));
        }
    }

    static String azureKeyValue() {
        byte[] b = new byte[64];
        for (int i = 0; i < 64; i++) {
            b[i] = (byte) R.nextInt(256);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    static void azureKey() {
        String sit = "azure-storage-key";
        for (int i = 0; i < 30; i++) {
            pos(sit, fmt("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net",
                    pick("acmeprod", "finlogs", "hrdata01", "mediastore"), azureKeyValue()));
        }
        String[] templates = {"Storage account key: %s", "The primary key of the storage account is %s",
            "AZURE_STORAGE_KEY=%s", "key1 for the blob storage: %s"};
        for (int i = 0; i < 24; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], azureKeyValue()));
        }
        String emulator = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        for (int i = 0; i < 6; i++) {
            neg(sit, "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + emulator
                    + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;");
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("Example: DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=%s", azureKeyValue()));
        }
        for (int i = 0; i < 14; i++) {
            String k = azureKeyValue();
            neg(sit, fmt("AccountKey=%s", k.substring(0, 80) + "=="));
        }
        for (int i = 0; i < 14; i++) {
            neg(sit, fmt("Hash of the firmware image: %s", azureKeyValue()));
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, "AccountKey=<your-storage-account-key>;AccountName=" + pick("prod", "dev") + ";");
        }
    }

    static String githubToken(String prefix) {
        String body = chars(BASE62, 30);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] check = new char[6];
        for (int i = 5; i >= 0; i--) {
            check[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return prefix + body + new String(check);
    }

    static void githubToken() {
        String sit = "github-token";
        String[] templates = {"GITHUB_TOKEN=%s", "git clone https://%s@github.com/acme/infra.git",
            "Our CI still has the token %s hard-coded.", "Authorization: token %s", "gh auth login --with-token <<< %s",
            "pat: %s"};
        for (int i = 0; i < 48; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length],
                    githubToken(pick("ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"))));
        }
        for (int i = 0; i < 8; i++) {
            pos(sit, "GH_TOKEN=github_pat_" + chars(BASE62, 22) + "_" + chars(BASE62, 59));
        }
        for (int i = 0; i < 24; i++) {
            String t = githubToken("ghp_");
            String broken = t.substring(0, 10) + (t.charAt(10) == 'a' ? 'b' : 'a') + t.substring(11);
            neg(sit, fmt("GITHUB_TOKEN=%s", broken));
        }
        for (String ex : new String[]{"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "ghp_1234567890abcdefghijklmnopqrstuvwxyz", "ghp_your_token_here", "ghp_...", "github_pat_XXXXXXXX"}) {
            neg(sit, fmt("GITHUB_TOKEN=%s", ex));
            neg(sit, fmt("Set the token, e.g. %s, in the repository secrets.", ex));
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("token %s", "ghp_" + chars(BASE62, 35)));
        }
    }

    static String openAiKeyValue() {
        return switch (R.nextInt(3)) {
            case 0 -> "sk-" + chars(BASE62, 20) + "T3BlbkFJ" + chars(BASE62, 20);
            case 1 -> "sk-proj-" + chars(BASE62 + "-_", 48) + "T3BlbkFJ" + chars(BASE62 + "-_", 48);
            default -> "sk-svcacct-" + chars(BASE62 + "-_", 56) + "T3BlbkFJ" + chars(BASE62 + "-_", 40);
        };
    }

    static void openAiKey() {
        String sit = "openai-api-key";
        String[] templates = {"OPENAI_API_KEY=%s", "client = OpenAI(api_key=\"%s\")", "I pasted the key %s into the notebook.",
            "Authorization: Bearer %s", "openai.api_key = '%s'"};
        for (int i = 0; i < 55; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], openAiKeyValue()));
        }
        for (int i = 0; i < 16; i++) {
            neg(sit, fmt("OPENAI_API_KEY=sk-%s", chars(BASE62, 48)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("ANTHROPIC_API_KEY=sk-ant-api03-%s-%sAA", chars(BASE62, 40), chars(BASE62, 50)));
        }
        for (int i = 0; i < 12; i++) {
            neg(sit, fmt("STRIPE_SECRET_KEY=sk_live_%s", chars(BASE62, 24)));
        }
        for (String ex : new String[]{"sk-...", "sk-your-key-here", "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk-<your key>", "sk-REPLACE_ME"}) {
            neg(sit, fmt("OPENAI_API_KEY=%s", ex));
        }
        for (int i = 0; i < 6; i++) {
            neg(sit, fmt("The task-%s finished.", chars(BASE62, 30)));
        }
    }

    static void slackToken() {
        String sit = "slack-token";
        for (int i = 0; i < 50; i++) {
            String token = switch (i % 4) {
                case 0 -> "xoxb-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 13) + "-" + chars(BASE62, 24);
                case 1 -> "xoxp-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 11) + "-" + chars(DIGITS, 13) + "-" + chars(HEX, 32);
                case 2 -> "xapp-1-A" + chars(UPPER + DIGITS, 10) + "-" + chars(DIGITS, 13) + "-" + chars(HEX, 64);
                default -> "https://hooks.slack.com/services/T" + chars(UPPER + DIGITS, 8) + "/B" + chars(UPPER + DIGITS, 10)
                        + "/" + chars(BASE62, 24);
            };
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(pick("SLACK_BOT_TOKEN=%s", "The bot uses %s to post.",
                    "token: %s", "webhook: %s"), token));
        }
        for (String ex : new String[]{"xoxb-your-token", "xoxb-123-456-abc", "xoxb-0000000000-0000000000-XXXXXXXXXXXXXXXXXXXXXXXX",
            "xoxp-XXXXXXXX-XXXXXXXX-XXXXXXXX", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "xoxb-<bot-token>", "xoxb-***", "https://hooks.slack.com/services/YOUR/WEBHOOK/URL"}) {
            neg(sit, fmt("SLACK_BOT_TOKEN=%s", ex));
            neg(sit, fmt("Paste your token (for example %s) into the settings.", ex));
        }
        for (int i = 0; i < 20; i++) {
            neg(sit, fmt("Ticket %s-%s-%s", pick("xoxo", "xob", "xox"), chars(DIGITS, 8), chars(BASE62, 12)));
        }
        for (int i = 0; i < 14; i++) {
            neg(sit, fmt("See https://slack.com/apps/%s for the integration.", chars(UPPER + DIGITS, 11)));
        }
    }

    static String pemBody(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(i == 0 ? "MII" + chars(BASE64, 61) : chars(BASE64, 64)).append('\n');
        }
        sb.append(chars(BASE64, 20)).append("==\n");
        return sb.toString();
    }

    static void privateKey() {
        String sit = "private-key";
        String[] kinds = {"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"};
        for (int i = 0; i < 50; i++) {
            String kind = kinds[i % kinds.length];
            String header = kind.equals("RSA PRIVATE KEY") && i % 2 == 0
                    ? "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC," + chars(HEX, 32).toUpperCase() + "\n\n" : "";
            String key = "-----BEGIN " + kind + "-----\n" + header + pemBody(3 + R.nextInt(10)) + "-----END " + kind + "-----";
            pos(sit, ((i % 3 == 1) ? near() + "\n" : pick("Here is the deploy key:\n", "id_rsa:\n", "")) + key);
        }
        for (int i = 0; i < 6; i++) {
            pos(sit, "I only have the first part of the key:\n-----BEGIN RSA PRIVATE KEY-----\n" + pemBody(4));
        }
        for (int i = 0; i < 16; i++) {
            neg(sit, "-----BEGIN PUBLIC KEY-----\n" + pemBody(3) + "-----END PUBLIC KEY-----");
        }
        for (int i = 0; i < 16; i++) {
            neg(sit, "-----BEGIN CERTIFICATE-----\n" + pemBody(6) + "-----END CERTIFICATE-----");
        }
        for (String ex : new String[]{"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n-----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...snip...\n-----END RSA PRIVATE KEY-----",
            "Paste the contents between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- here.",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + chars(BASE64, 200) + " deploy@ci"}) {
            neg(sit, ex);
            neg(sit, "Template:\n" + ex);
        }
        for (int i = 0; i < 8; i++) {
            neg(sit, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + pemBody(4) + "-----END PGP PUBLIC KEY BLOCK-----");
        }
    }

    static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String jwtToken() {
        String header = b64url(pick("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\",\"kid\":\"" + chars(HEX, 16) + "\",\"typ\":\"JWT\"}",
                "{\"typ\":\"JWT\",\"alg\":\"ES256\"}"));
        String payload = b64url("{\"sub\":\"" + chars(HEX, 12) + "\",\"name\":\"" + pick(FIRST) + "\",\"iat\":" + (1700000000 + R.nextInt(90000000))
                + ",\"exp\":" + (1800000000 + R.nextInt(90000000)) + "}");
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(chars(BASE62, 32 + R.nextInt(32)).getBytes());
        return header + "." + payload + "." + sig;
    }

    static void jwt() {
        String sit = "jwt";
        String[] templates = {"Authorization: Bearer %s", "The session cookie is %s", "token=%s&next=/home", "JWT: %s",
            "{\"access_token\": \"%s\", \"expires_in\": 3600}"};
        for (int i = 0; i < 55; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], jwtToken()));
        }
        String example = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        for (int i = 0; i < 6; i++) {
            neg(sit, "Example from the docs: Authorization: Bearer " + example);
        }
        for (int i = 0; i < 16; i++) {
            neg(sit, fmt("Authorization: Bearer eyJ%s.eyJ%s.%s", chars(BASE62, 30), chars(BASE62, 40), chars(BASE62, 40)));
        }
        for (int i = 0; i < 14; i++) {
            String t = jwtToken();
            neg(sit, "Header and payload only: " + t.substring(0, t.lastIndexOf('.')));
        }
        for (String ex : new String[]{"eyJhbGciOi...", "<your-jwt>", "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.<payload>.<signature>",
            "Bearer xxxxx.yyyyy.zzzzz"}) {
            neg(sit, "Authorization: Bearer " + ex);
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, fmt("File names: report.%s.%s.pdf", chars(BASE62, 12), chars(BASE62, 12)));
        }
    }

    static String strongPassword() {
        String p;
        do {
            p = pick("Summer", "Blue", "River", "Tiger", "Falcon", "Maple", "Orion", "Kappa", "Nova", "Zephyr")
                    + pick("!", "#", "$", "@", "%", "&", "")
                    + chars(DIGITS, 2 + R.nextInt(3)) + pick("", "!", "x", "Q", "?");
            if (R.nextInt(3) == 0) {
                p = chars(BASE62 + "!@#$%^&*", 10 + R.nextInt(8));
            }
        } while (!p.chars().anyMatch(c -> !Character.isLetter(c)) || !p.chars().anyMatch(Character::isLetter) || p.length() < 6);
        return p;
    }

    static void password() {
        String sit = "general-password";
        String[] templates = {"password: %s", "DB_PASSWORD=%s", "The wifi password is %s", "pwd = \"%s\"",
            "<password>%s</password>", "mysql -u admin --password %s", "\"password\": \"%s\",", "Passwort: %s",
            "The password for the admin account is %s.", "new password set to %s"};
        for (int i = 0; i < 60; i++) {
            String t = templates[i % templates.length];
            if (t.equals("Passwort: %s")) {
                t = "passphrase: %s";
            }
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(t, strongPassword()));
        }
        for (int i = 0; i < 10; i++) {
            pos(sit, fmt("postgres://%s:%s@db-%d.internal:5432/app", pick("svc", "admin", "etl"), strongPassword().replace("@", "#")
                    .replace("/", "_").replace(":", "_"), R.nextInt(9)));
        }
        String[] negatives = {"Please use the password reset link in the email.", "password: ********",
            "password=${DB_PASSWORD}", "Forgot your password?", "Password policy: at least 12 characters.",
            "password: <your-password>", "postgres://user:password@localhost:5432/app", "The password is expired.",
            "password: {{ vault_db_password }}", "Password: (hidden)", "password=changeme", "password: REDACTED",
            "Enter the password in the field below.", "password is required", "Password: same as before",
            "pwd: /home/deploy", "password: xxxxxxxx", "The password must contain a digit.",
            "passwords must be rotated every 90 days", "PASSWORD=%DB_PASS%", "password: see 1Password vault",
            "--password-file /etc/secret.txt", "password = os.environ['PASSWORD']", "Password: N/A",
            "password: [REDACTED]", "-p $MYSQL_PWD", "password=$(cat /run/secrets/db)", "password: 2024-05-01",
            "password: v1.2.3", "password: ...", "Your password was changed successfully.",
            "password = getpass()", "password: <redacted>", "Password: ******** (masked)", "password: yourpassword1",
            "password: example123", "password: placeholder1", "https://docs.example.com/password-reset",
            "password hashing uses bcrypt", "password managers are recommended"};
        for (String n : negatives) {
            neg(sit, n);
        }
        for (String n : negatives) {
            neg(sit, near() + " " + n);
        }
    }

    static void medical() {
        String sit = "medical-terms";
        String[] conditions = {"type 2 diabetes", "hypertension", "asthma", "rheumatoid arthritis", "epilepsy",
            "bipolar disorder", "multiple sclerosis", "atrial fibrillation", "chronic kidney disease", "breast cancer",
            "Crohn's disease", "migraine", "sleep apnea", "hypothyroidism", "pneumonia", "ADHD", "PTSD"};
        String[] drugs = {"metformin", "insulin", "lisinopril", "atorvastatin", "sertraline", "ibuprofen", "warfarin",
            "levothyroxine", "amoxicillin", "prednisone", "gabapentin", "omeprazole", "Ozempic", "albuterol"};
        String[] templates = {
            "Patient was diagnosed with %s and prescribed %s 500 mg.",
            "My manager knows I take %2$s for %1$s, can you draft a note for HR?",
            "Summarise this discharge letter: %s, started on %s.",
            "Write a sick leave request; I have %s flaring up again.",
            "Is it safe to combine %2$s with alcohol?",
            "Draft a message to the team that I have an MRI scan tomorrow for %s.",
            "The employee's medical leave relates to %s.",
            "Explain %s in plain words for my mother."};
        for (int i = 0; i < 60; i++) {
            pos(sit, ((i % 3 == 1) ? near() + " " : "") + fmt(templates[i % templates.length], pick(conditions), pick(drugs)));
        }
        for (int i = 0; i < 10; i++) {
            pos(sit, fmt("The patient reported %s and fever after the surgery.", pick("a persistent cough", "severe nausea",
                    "a rash", "a headache")));
        }
        String[] negatives = {
            "Run a virus scan on the shared drive before the audit.",
            "The data moves to cold storage after 90 days.",
            "It was a stroke of luck that the demo worked.",
            "The economic depression of the 1930s changed banking rules.",
            "Our pipeline has a cold start problem on Mondays.",
            "Sales fever hit the team after the big win.",
            "The bug spread like a virus through the codebase.",
            "Be patient with the new hires during onboarding.",
            "We need a health check endpoint for the service.",
            "Remove the cancer of bureaucracy from the process.",
            "The stock market had a fever pitch rally.",
            "The infection rate of the phishing campaign was low.",
            "He has an allergy to long meetings.",
            "A fracture in the alliance emerged during negotiations.",
            "Apply a surgical fix to the config rather than a rewrite.",
            "The pressure test on the pipe passed.",
            "The anxiety around the launch date is understandable.",
            "Give the plan a shot in the arm with a better budget.",
            "The diagnosis of the outage pointed to DNS.",
            "Cold emails get a low response rate.",
            "This is the therapy session for our legacy code, said the CTO.",
            "Prescription for success: focus and clear goals.",
            "A flu of resignations hit the department.",
            "The treatment of revenue in the contract needs legal review.",
            "The retro had a sprint injury list of blocked tickets."};
        for (String n : negatives) {
            neg(sit, n);
            neg(sit, near() + " " + n);
        }
        for (int i = 0; i < 10; i++) {
            neg(sit, filler(80, 200));
        }
    }

    static void ordinary() {
        String file = "ordinary";
        String[] lines = {
            "Summarise the quarterly revenue summary for the finance team in five bullet points.",
            "Draft an email to the sales team about the pricing proposal, keep it under 150 words.",
            "Revenue for the third quarter reached 48.2 million, up 12 percent year on year.",
            "Book flights through the corporate travel portal at least fourteen days in advance.",
            "T-10421,2026-10-02,Globex,high,Export to CSV times out for large reports",
            "The meeting is on 2026-03-14 at 10:30 in room 4.12.",
            "Version 3.2.1 fixes the login loop; version 3.2.2 follows next week.",
            "Our NPS rose from 31 to 44 after the redesign.",
            "The office is at 1200 Harbor Drive, Seattle, on the 7th floor.",
            "Please review PR #4821 and the design doc before Thursday.",
            "The contract runs for 24 months from the effective date.",
            "Q3 pipeline covers 2.7 times the remaining target.",
            "The new laptop policy applies from 1 January 2027.",
            "Sprint 42 closed 37 of 40 story points.",
            "Use the C++ std::map for the lookup table and profile it.",
            "Train the model for 3 epochs with a learning rate of 0.0003.",
            "We shipped 1,250,000 units in 2025 and plan 1,400,000 for 2026.",
            "The build took 12:41 minutes on runner 3.",
            "Invoice totals: 18,400.00 EUR net, 21,896.00 EUR gross.",
            "Password rules will be discussed at the security sync."};
        for (String l : lines) {
            add(file, "neg", l);
        }
        for (int i = 0; i < 40; i++) {
            add(file, "neg", filler(100, 600));
        }
    }
}

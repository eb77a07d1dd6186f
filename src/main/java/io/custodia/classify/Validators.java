package io.custodia.classify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The validators a catalogue can name, by name. They are hand-written on purpose: each is a few lines
 * of public arithmetic (Luhn, ISO 7064, ABA 3-7-1, CRC32) or a published numbering rule, run on hot
 * paths over short strings, and no maintained Java library covers this set without pulling in far more
 * (commons-validator has Luhn and IBAN only, with its own regexes and allocation per call).
 */
public final class Validators {

    private static final Map<String, Validator> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("luhn", Validator.of(v -> luhn(digits(v))));
        BUILT_IN.put("credit-card", Validator.of(v -> creditCard(digits(v))));
        BUILT_IN.put("eu-debit-card", Validator.of(v -> euDebitCard(digits(v))));
        BUILT_IN.put("iban", Validators::iban);
        BUILT_IN.put("aba-routing", Validator.of(v -> abaRouting(digits(v))));
        BUILT_IN.put("us-ssn", Validator.of(v -> usSsn(digits(v))));
        BUILT_IN.put("uk-nino", Validator.of(Validators::ukNino));
        BUILT_IN.put("us-passport", Validator.of(Validators::passport));
        BUILT_IN.put("us-drivers-license", Validator.of(Validators::driversLicense));
        BUILT_IN.put("bank-account", Validator.of(v -> notTrivialNumber(digits(v))));
        BUILT_IN.put("phone", Validator.of(Validators::phone));
        BUILT_IN.put("email", (text, start, end) -> !inUrlAuthority(text, start)
                && email(text.subSequence(start, end).toString()) ? end : -1);
        BUILT_IN.put("ipv4", Validator.of(Validators::ipv4));
        BUILT_IN.put("ipv6", Validator.of(Validators::ipv6));
        BUILT_IN.put("github-token", Validator.of(Validators::githubToken));
        BUILT_IN.put("openai-key", Validator.of(v -> v.contains("T3BlbkFJ") && notPlaceholder(v)));
        BUILT_IN.put("aws-secret-key", Validator.of(Validators::awsSecretKey));
        BUILT_IN.put("azure-storage-key", Validator.of(Validators::azureStorageKey));
        BUILT_IN.put("jwt", Validator.of(Validators::jwt));
        BUILT_IN.put("private-key", Validators::privateKey);
        BUILT_IN.put("password", Validator.of(Validators::password));
        BUILT_IN.put("not-placeholder", Validator.of(Validators::notPlaceholder));
    }

    private Validators() {
    }

    /** The validator of that name, or null. */
    public static Validator named(String name) {
        return BUILT_IN.get(name);
    }

    public static Set<String> names() {
        return BUILT_IN.keySet();
    }

    // ------------------------------------------------------------------ numbers

    static String digits(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean luhn(String d) {
        if (d.isEmpty()) {
            return false;
        }
        int sum = 0;
        for (int i = d.length() - 1, pos = 0; i >= 0; i--, pos++) {
            int v = d.charAt(i) - '0';
            if ((pos & 1) == 1) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
        }
        return sum % 10 == 0;
    }

    /** Luhn plus a known issuer prefix with a length that issuer uses (ISO/IEC 7812 IIN ranges). */
    static boolean creditCard(String d) {
        int n = d.length();
        if (n < 13 || n > 19 || !luhn(d) || !notTrivialNumber(d)) {
            return false;
        }
        int p1 = d.charAt(0) - '0';
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p6 = Integer.parseInt(d.substring(0, 6));
        if (p1 == 4) {                                             // Visa (and Visa Electron)
            return n == 13 || n == 16 || n == 19;
        }
        if (p2 == 34 || p2 == 37) {                                // American Express
            return n == 15;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) { // Mastercard
            return n == 16;
        }
        if (p4 >= 2200 && p4 <= 2204) {                            // Mir
            return n >= 16;
        }
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) { // Discover
            return n >= 16;
        }
        if (p4 >= 3528 && p4 <= 3589) {                            // JCB
            return n >= 16;
        }
        if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) { // Diners Club
            return n >= 14;
        }
        if (p2 == 62 || p2 == 81) {                                // UnionPay
            return n >= 16;
        }
        if (p2 == 60 || p2 == 82 || p3 == 508 || p3 == 353 || p3 == 356) { // RuPay
            return n == 16;
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {                  // Maestro
            return n >= 13;
        }
        return false;
    }

    /** EU debit cards (Maestro, V Pay, Visa/Mastercard Debit, national schemes): 16 to 19 digits, Luhn. */
    static boolean euDebitCard(String d) {
        return d.length() >= 16 && d.length() <= 19 && creditCard(d);
    }

    /** All one digit, or a run such as 123456789 / 987654321: test values, never issued. */
    static boolean notTrivialNumber(String d) {
        if (d.length() < 2) {
            return true;
        }
        boolean same = true;
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < d.length(); i++) {
            int a = d.charAt(i - 1);
            int b = d.charAt(i);
            same &= a == b;
            up &= b == (a == '9' ? '0' : a + 1);
            down &= b == (a == '0' ? '9' : a - 1);
        }
        return !same && !up && !down;
    }

    static boolean abaRouting(String d) {
        if (d.length() != 9 || !notTrivialNumber(d)) {
            return false;
        }
        int prefix = Integer.parseInt(d.substring(0, 2));
        boolean range = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix == 80;
        if (!range) {
            return false;
        }
        int[] w = {3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (d.charAt(i) - '0') * w[i % 3];
        }
        return sum % 10 == 0;
    }

    /** SSA rules: area not 000, 666 or 900–999; group not 00; serial not 0000; no advertising or test values. */
    static boolean usSsn(String d) {
        if (d.length() != 9 || !notTrivialNumber(d)) {
            return false;
        }
        int area = Integer.parseInt(d.substring(0, 3));
        int group = Integer.parseInt(d.substring(3, 5));
        int serial = Integer.parseInt(d.substring(5));
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        // 078-05-1120 (the Woolworth wallet card), 219-09-9999 (SSA pamphlet), 987-65-4320..29 are caught above
        return !d.equals("078051120") && !d.equals("219099999") && !d.equals("123456789");
    }

    /** HMRC: first letter not D F I Q U V, second not D F I O Q U V, and not BG GB KN NK NT TN ZZ. */
    static boolean ukNino(String v) {
        String s = v.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (s.length() < 8) {
            return false;
        }
        char a = s.charAt(0);
        char b = s.charAt(1);
        if ("DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
            return false;
        }
        String prefix = s.substring(0, 2);
        if (Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix)) {
            return false;
        }
        String number = s.substring(2, 8);
        return notTrivialNumber(number) && !number.equals("123456");
    }

    static boolean passport(String v) {
        return notTrivialNumber(digits(v));
    }

    /** Rejects trivial runs and 8-digit values that are really dates (YYYYMMDD / MMDDYYYY). */
    static boolean driversLicense(String v) {
        String d = digits(v);
        if (!notTrivialNumber(d)) {
            return false;
        }
        if (d.length() == 8 && d.length() == v.length()) {
            return !isDate(d.substring(0, 4), d.substring(4, 6), d.substring(6, 8))
                    && !isDate(d.substring(4, 8), d.substring(0, 2), d.substring(2, 4));
        }
        return true;
    }

    private static boolean isDate(String y, String m, String d) {
        int year = Integer.parseInt(y);
        int month = Integer.parseInt(m);
        int day = Integer.parseInt(d);
        return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    // ------------------------------------------------------------------ IBAN

    private static final Map<String, Integer> IBAN_LENGTHS = new java.util.HashMap<>();

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 "
                + "DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 "
                + "IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 "
                + "NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 "
                + "ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String e : table.split(" ")) {
            IBAN_LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
    }

    /**
     * ISO 13616: the country's registered length and ISO 7064 MOD 97-10. A match that runs on into a
     * following group (a year, an amount) is cut back to the country's length when the cut falls
     * between groups.
     */
    static int iban(CharSequence text, int start, int end) {
        if (end - start < 4) {
            return -1;
        }
        String country = text.subSequence(start, start + 2).toString().toUpperCase(Locale.ROOT);
        Integer length = IBAN_LENGTHS.get(country);
        if (length == null) {
            return -1;
        }
        int count = 0;
        int cut = -1;
        for (int i = start; i < end; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                count++;
                if (count == length) {
                    cut = i + 1;
                }
            }
        }
        if (count < length) {
            return -1;
        }
        if (count > length && (cut >= end || Character.isLetterOrDigit(text.charAt(cut)))) {
            return -1;
        }
        StringBuilder s = new StringBuilder(length);
        for (int i = start; i < cut; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                s.append(Character.toUpperCase(c));
            }
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                mod = (mod * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                mod = (mod * 100 + (c - 'A' + 10)) % 97;
            } else {
                return -1;
            }
        }
        return mod == 1 && notTrivialNumber(digits(s.substring(4))) ? cut : -1;
    }

    // ------------------------------------------------------------------ contact data

    /** NANP (area and exchange start 2–9; 555-01xx is fictional) or E.164 (8–15 digits after +). */
    static boolean phone(String v) {
        String d = digits(v);
        if (!notTrivialNumber(d) || d.endsWith("1234567890") || d.equals("1234567890")) {
            return false;
        }
        String t = v.strip();
        if (t.startsWith("+")) {
            if (d.length() < 8 || d.length() > 15 || d.charAt(0) == '0') {
                return false;
            }
            if (d.charAt(0) == '1') {
                return d.length() == 11 && nanp(d.substring(1));
            }
            // Ofcom's drama ranges (020 7946 0xxx, 07700 900xxx) are fictional numbers
            return !d.startsWith("442079460") && !d.startsWith("447700900");
        }
        if (d.length() == 11 && d.charAt(0) == '1') {
            return nanp(d.substring(1));
        }
        return d.length() == 10 && nanp(d);
    }

    private static boolean nanp(String d) {
        if (d.length() != 10 || d.charAt(0) < '2' || d.charAt(3) < '2') {
            return false;
        }
        return !(d.startsWith("555", 3) && d.startsWith("01", 6));
    }

    private static final Pattern EMAIL_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Set<String> FILE_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "pdf", "txt", "js", "ts", "css", "map",
            "json", "yaml", "yml", "xml", "html", "htm", "zip", "tgz", "gz", "jar", "exe", "dll", "so", "mp3", "mp4");

    static boolean email(String v) {
        int at = v.lastIndexOf('@');
        if (at <= 0 || at != v.indexOf('@')) {
            return false;
        }
        String local = v.substring(0, at);
        String domain = v.substring(at + 1);
        if (local.length() > 64 || local.startsWith(".") || local.endsWith(".") || local.contains("..")
                || domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!EMAIL_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        String tld = labels[labels.length - 1].toLowerCase(Locale.ROOT);
        // a top-level domain is letters only; "icon@2x.png" and "pkg@1.2.3" are not addresses
        return tld.chars().allMatch(c -> c >= 'a' && c <= 'z') && !FILE_EXTENSIONS.contains(tld);
    }

    /** "https://token@host" and "https://user:secret@host" are credentials in a URL, not addresses. */
    static boolean inUrlAuthority(CharSequence text, int start) {
        for (int i = start - 1, seen = 0; i >= 2 && seen < 80; i--, seen++) {
            char c = text.charAt(i);
            if (c == '/' && text.charAt(i - 1) == '/' && text.charAt(i - 2) == ':') {
                return true;
            }
            if (Character.isWhitespace(c) || c == '/' || c == '@') {
                return false;
            }
        }
        return false;
    }

    static boolean ipv4(String v) {
        String[] parts = v.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 text form; at least two groups, one of them with three or more hex digits. */
    static boolean ipv6(String v) {
        String s = v;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int compress = s.indexOf("::");
        if (compress >= 0 && s.indexOf("::", compress + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        int explicit = 0;
        boolean wide = false;
        for (String g : groups) {
            if (g.isEmpty()) {
                continue;
            }
            if (g.length() > 4) {
                return false;
            }
            for (int i = 0; i < g.length(); i++) {
                if (Character.digit(g.charAt(i), 16) < 0) {
                    return false;
                }
            }
            explicit++;
            wide |= g.length() >= 3;
        }
        if (compress < 0 && explicit != 8) {
            return false;
        }
        return explicit >= 2 && explicit <= 8 && wide;
    }

    // ------------------------------------------------------------------ credentials

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** GitHub's tokens carry a CRC32 of their 30 random characters as 6 base62 digits at the end. */
    static boolean githubToken(String v) {
        int us = v.indexOf('_');
        String body = v.substring(us + 1);
        if (v.startsWith("github_pat_")) {
            return notPlaceholder(body);
        }
        if (body.length() != 36) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(body.substring(0, 30).getBytes(StandardCharsets.US_ASCII));
        long c = crc.getValue();
        char[] check = new char[6];
        for (int i = 5; i >= 0; i--) {
            check[i] = BASE62.charAt((int) (c % 62));
            c /= 62;
        }
        return body.endsWith(new String(check));
    }

    /** 40 base64 characters of a 240-bit key: mixed case and digits, not a hex digest, not a placeholder. */
    static boolean awsSecretKey(String v) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit && notPlaceholder(v) && entropy(v) >= 3.8;
    }

    static boolean azureStorageKey(String v) {
        try {
            return Base64.getDecoder().decode(v).length == 64 && notPlaceholder(v);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Header and payload decode to JSON objects, the header names an algorithm. */
    static boolean jwt(String v) {
        String[] parts = v.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).strip();
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).strip();
            return header.startsWith("{") && header.contains("\"alg\"") && payload.startsWith("{")
                    && notPlaceholder(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final int PRIVATE_KEY_MAX = 16_000;

    /**
     * The match is the BEGIN line: the key body must follow (optional RFC 1421 header lines such as
     * {@code Proc-Type:}, then at least 64 base64 characters, no ellipsis or placeholder). The value is
     * extended over the body, to the END line when there is one.
     */
    static int privateKey(CharSequence text, int start, int end) {
        int limit = Math.min(text.length(), end + PRIVATE_KEY_MAX);
        StringBuilder body = new StringBuilder();
        int i = end;
        int accepted = end;
        while (i < limit) {
            int eol = i;
            while (eol < limit && text.charAt(eol) != '\n') {
                eol++;
            }
            String line = text.subSequence(i, eol).toString().strip();
            if (line.startsWith("-----")) {
                String raw = text.subSequence(i, eol).toString();
                int close = raw.indexOf("-----", raw.indexOf("-----") + 5);
                accepted = close < 0 ? eol : i + close + 5;
                break;
            }
            if (line.contains("...")) {
                return -1; // "MIIEvQ...snip"
            }
            if (line.indexOf(':') > 0 && body.isEmpty()) {
                i = eol + 1; // Proc-Type: / DEK-Info: header
                continue;
            }
            if (!line.isEmpty()) {
                if (!line.matches("[A-Za-z0-9+/=]+")) {
                    break; // the key ended without an END line; prose follows
                }
                body.append(line);
                accepted = eol;
            }
            i = eol + 1;
        }
        String b = body.toString().replace("=", "");
        return b.length() >= 64 && notPlaceholder(b) && entropy(b) >= 4.0 ? Math.max(accepted, end) : -1;
    }

    private static final Pattern PASSWORD_PLACEHOLDER = Pattern.compile(
            "(?i)^\\$[{(]|^\\$[A-Z_]+$|^%[A-Z_]+%$|^<.*>?$|^\\{\\{|^\\[.*\\]?$|^\\(.*\\)$|^\\*\\*|\\*{3}|x{3,}|\\.{3}|"
                    + "password|changeme|example|placeholder|redacted|your|here$|^none$|^null$|^n/?a$|^required$|^same$|"
                    + "\\w\\(|\\w\\[|environ|getenv|getpass|process\\.env|secrets?\\.|vault");

    /**
     * A value next to a password keyword that looks like a password: 6–64 characters, at least one
     * letter, and a digit or a symbol other than the separators of ordinary words; not masked,
     * templated or a placeholder ("********", "${DB_PASSWORD}", "&lt;your password&gt;", "changeme").
     */
    static boolean password(String v) {
        if (v.length() < 6 || v.length() > 64 || PASSWORD_PLACEHOLDER.matcher(v).find()) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else if ("-_./".indexOf(c) < 0) {
                symbol = true;
            }
        }
        return letter && (digit || symbol) && notPlaceholder(v) && !isDateLike(v);
    }

    private static boolean isDateLike(String v) {
        return v.matches("(?i)\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}|v?\\d+(\\.\\d+)+[a-z]?");
    }

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)example|placeholder|your|redacted|dummy|sample|fake|changeme|insert|replace|[xX*.]{4}|(.)\\1{5}");
    private static final String RUNS = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** Documented-example words, masking, long runs of one character, "123456"/"abcdef" runs. */
    static boolean notPlaceholder(String v) {
        if (PLACEHOLDER.matcher(v).find()) {
            return false;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        int run = 1;
        for (int i = 1; i < lower.length(); i++) {
            int a = RUNS.indexOf(lower.charAt(i - 1));
            int b = RUNS.indexOf(lower.charAt(i));
            run = a >= 0 && b == a + 1 ? run + 1 : 1;
            if (run >= 6) {
                return false;
            }
        }
        return true;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String v) {
        int[] counts = new int[128];
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 128) {
                counts[c]++;
                n++;
            }
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }
}

package io.custodia.simulator;

import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Deterministic prompt and response texts, with sensitive data planted at a known rate so that
 * classification can be checked against the simulator's ground truth. Everything is a pure function
 * of the {@link SplittableRandom} handed in; the templates avoid anything that looks like a
 * sensitive information type unless it is planted on purpose.
 */
final class ContentGenerator {

    /** Sensitive information types the simulator plants (ids of {@code config/sit-catalog.yaml}). */
    static final List<String> PLANTED_TYPES = List.of(
            "credit-card-number", "us-ssn", "email-address", "iban", "aws-access-key",
            "github-token", "openai-api-key", "phone-number");

    private static final String[] TOPICS = {
        "quarterly revenue summary", "onboarding checklist", "customer escalation", "vendor contract",
        "marketing launch plan", "incident postmortem", "hiring plan", "board presentation",
        "pricing proposal", "product roadmap", "support macro", "travel policy", "data migration",
        "security questionnaire", "release notes", "training curriculum"};
    private static final String[] PRODUCTS = {
        "Atlas", "Beacon", "Cobalt", "Delta Cloud", "Ember", "Fjord", "Granite", "Helix", "Ion", "Juniper"};
    private static final String[] CITIES = {
        "Lisbon", "Denver", "Toronto", "Singapore", "Austin", "Dublin", "Melbourne", "Zurich", "Osaka", "Nairobi"};
    private static final String[] TEAMS = {
        "finance", "sales", "engineering", "legal", "support", "marketing", "people", "operations"};
    private static final String[] PROMPTS = {
        "Summarise the %s for the %s team in five bullet points.",
        "Draft an email to the %s team about the %s, keep it under 150 words.",
        "What are the main risks in our %s for the %s team?",
        "Rewrite this %s so that the %s team can read it quickly.",
        "Give me a table comparing options for the %s, written for %s.",
        "Turn my notes on the %s into an agenda for the %s sync.",
        "Review the %s and list open questions for the %s lead.",
        "Explain the %s to a new hire in the %s team."};
    private static final String[] OPENERS = {
        "Here is a concise summary.", "Sure, here is a draft.", "Below are the key points.",
        "Happy to help; here is a first version.", "Here is a structured overview."};
    private static final String[] SENTENCES = {
        "The %s rollout in %s is on track for the next milestone.",
        "Costs for %s rose slightly because of additional licences in %s.",
        "The team recommends piloting %s with a small group in %s first.",
        "Customer feedback on %s from %s highlights onboarding friction.",
        "A follow-up review of %s is scheduled with the %s office.",
        "Dependencies on %s should be confirmed with the %s stakeholders.",
        "Adoption of %s in %s doubled compared with last quarter.",
        "Training material for %s needs an update before the %s workshop."};

    private ContentGenerator() {
    }

    static String title(SplittableRandom r) {
        String topic = pick(r, TOPICS);
        return Character.toUpperCase(topic.charAt(0)) + topic.substring(1) + " – " + pick(r, PRODUCTS);
    }

    static String prompt(SplittableRandom r, String topic) {
        return String.format(pick(r, PROMPTS), topic, pick(r, TEAMS));
    }

    static String response(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(pick(r, OPENERS));
        int n = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append("\n- ").append(String.format(pick(r, SENTENCES), pick(r, PRODUCTS), pick(r, CITIES)));
        }
        return sb.toString();
    }

    /** A sentence carrying one value of {@code type} next to the keywords a classifier looks for. */
    static String planted(SplittableRandom r, String type) {
        return switch (type) {
            case "credit-card-number" -> "Please charge the corporate Visa card " + cardNumber(r)
                    + " expiring 09/28 for the conference fee.";
            case "us-ssn" -> "The employee's social security number (SSN) is " + ssn(r) + " for the payroll form.";
            case "email-address" -> "Send the signed copy to " + email(r) + " once legal approves.";
            case "iban" -> "Wire the deposit to IBAN " + iban(r) + " before Friday.";
            case "aws-access-key" -> "The deploy script uses aws_access_key_id = " + awsAccessKey(r) + " right now.";
            case "github-token" -> "Our CI still has the GitHub token " + githubToken(r) + " hard-coded.";
            case "openai-api-key" -> "I set OPENAI_API_KEY=" + openAiKey(r) + " in the notebook.";
            case "phone-number" -> "Call the customer back on phone " + phone(r) + " this afternoon.";
            default -> throw new IllegalArgumentException("unknown planted type " + type);
        };
    }

    static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    static String topic(SplittableRandom r) {
        return pick(r, TOPICS);
    }

    // --- planted values: real-world valid (checksums and ranges), never documented examples ---

    static String cardNumber(SplittableRandom r) {
        int[] d = new int[16];
        d[0] = 4;
        for (int i = 1; i < 15; i++) {
            d[i] = r.nextInt(10);
        }
        d[15] = luhnCheckDigit(d, 15);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(' ');
            }
            sb.append(d[i]);
        }
        return sb.toString();
    }

    static int luhnCheckDigit(int[] digits, int len) {
        int sum = 0;
        for (int i = len - 1, pos = 0; i >= 0; i--, pos++) {
            int v = digits[i];
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

    static String ssn(SplittableRandom r) {
        int area;
        do {
            area = 1 + r.nextInt(899);
        } while (area == 666);
        return String.format("%03d-%02d-%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999));
    }

    static String email(SplittableRandom r) {
        String[] first = {"maria", "jonas", "aiko", "lena", "omar", "priya", "tom", "sofia"};
        String[] domain = {"northwind-legal.com", "fabrikam-partners.com", "contoso-advisors.net", "tailspin-law.org"};
        return pick(r, first) + "." + pick(r, new String[]{"keller", "ngata", "ruiz", "okafor", "berg"})
                + "@" + pick(r, domain);
    }

    static String iban(SplittableRandom r) {
        StringBuilder bban = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            bban.append(r.nextInt(10));
        }
        String rearranged = bban + "1314" + "00"; // "DE" -> 13 14
        int mod = new java.math.BigInteger(rearranged).mod(java.math.BigInteger.valueOf(97)).intValue();
        int check = 98 - mod;
        String iban = String.format("DE%02d%s", check, bban);
        return iban.replaceAll("(.{4})", "$1 ").trim();
    }

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static String awsAccessKey(SplittableRandom r) {
        return "AKIA" + randomChars(r, BASE32, 16);
    }

    /** GitHub's format: prefix, 30 random base62 characters, then a base62 CRC32 of them (6 characters). */
    static String githubToken(SplittableRandom r) {
        String body = randomChars(r, BASE62, 30);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] check = new char[6];
        for (int i = 5; i >= 0; i--) {
            check[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return "ghp_" + body + new String(check);
    }

    static String openAiKey(SplittableRandom r) {
        return "sk-proj-" + randomChars(r, BASE62 + "-_", 48) + "T3BlbkFJ" + randomChars(r, BASE62, 24);
    }

    static String phone(SplittableRandom r) {
        int exchange = 200 + r.nextInt(700);
        if (exchange == 555) {
            exchange = 556; // 555 numbers are the fictional placeholders classifiers rightly ignore
        }
        return String.format("(%d) %d-%04d", 201 + r.nextInt(700), exchange, r.nextInt(10000));
    }

    static String randomChars(SplittableRandom r, String alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }
}

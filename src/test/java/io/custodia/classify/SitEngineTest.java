package io.custodia.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine with the built-in catalogue: evidence, proximity, confidence, counts, exclusions, one pass. */
class SitEngineTest {

    static SitEngine engine;

    @BeforeAll
    static void load() {
        engine = new SitEngine(CatalogLoader.loadFile(Path.of("config/sit-catalog.yaml")));
    }

    static SitMatch match(String text, String sit) {
        return engine.classify(text).get(sit);
    }

    static String filler(int chars) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            sb.append("lorem ipsum dolor ");
        }
        return sb.substring(0, chars);
    }

    @Test
    void supportingEvidenceCountsOnlyWithinItsProximity() {
        // the SSN keyword ends exactly 300 characters before the number: in range; 301: out of range
        String near = "SSN " + filler(298) + " 536-22-1234";
        String far = "SSN " + filler(299) + " 536-22-1234";
        assertThat(match(near, "us-ssn")).isNotNull();
        assertThat(match(far, "us-ssn")).isNull();
        assertThat(match("536-22-1234 " + filler(298) + " ssn", "us-ssn")).isNotNull(); // after the value counts too
        assertThat(match("536-22-1234 " + filler(299) + " ssn", "us-ssn")).isNull();
    }

    @Test
    void confidenceIsTheHighestLevelWhoseEvidenceIsPresent() {
        assertThat(match("Visa card 4111 1111 1111 1129, exp 09/28", "credit-card-number").confidence()).isEqualTo(85);
        assertThat(match("here it is: 4111 1111 1111 1129", "credit-card-number").confidence()).isEqualTo(65);
        assertThat(match("IP 2a01:4f8:c17:1a2b::1", "ipv6-address").confidence()).isEqualTo(85);
        assertThat(match("reach 2a01:4f8:c17:1a2b::1", "ipv6-address").confidence()).isEqualTo(75);
    }

    @Test
    void keywordRequiredTypesDoNotMatchWithoutTheirKeyword() {
        assertThat(match("passport number 540020017", "us-passport-number")).isNotNull();
        assertThat(match("reference 540020017", "us-passport-number")).isNull();
        assertThat(match("routing number 021000021", "aba-routing-number")).isNotNull();
        assertThat(match("number 021000021", "aba-routing-number")).isNull();
    }

    @Test
    void countsEveryInstanceAndKeepsTheirSpans() {
        String text = "SSNs: 536-22-1234, 536-22-1235 and 536-22-1236.";
        SitMatch m = match(text, "us-ssn");
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.spans()).extracting(s -> text.substring(s.start(), s.end()))
                .containsExactly("536-22-1234", "536-22-1235", "536-22-1236");
        assertThat(m.toString()).doesNotContain("536").doesNotContain("start");
    }

    @Test
    void documentedExamplesAndPlaceholdersAreNotMatches() {
        assertThat(match("card number 4111 1111 1111 1111", "credit-card-number")).isNull();
        assertThat(match("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws-access-key")).isNull();
        assertThat(match("mail me at someone@example.com", "email-address")).isNull();
        assertThat(match("server IP 192.0.2.15", "ipv4-address")).isNull();
    }

    @Test
    void aLabelRightBeforeANumberMakesItSomethingElse() {
        assertThat(match("Order number 4532 0151 1283 0366 shipped", "credit-card-number")).isNull();
        assertThat(match("Charged 4532 0151 1283 0366 today", "credit-card-number")).isNotNull();
        // a card keyword between the label and the number wins
        assertThat(match("Order 12: card number 4532 0151 1283 0366", "credit-card-number")).isNotNull();
    }

    @Test
    void aRoutingNumberIsNotAlsoABankAccountNumber() {
        Classification c = engine.classify("Checking account: routing number 021000021, account 4417 0000 12? no: 441700123.");
        assertThat(c.get("aba-routing-number").count()).isEqualTo(1);
        assertThat(c.get("us-bank-account-number").count()).isEqualTo(1);
        assertThat(c.get("us-bank-account-number").spans().get(0).start())
                .isEqualTo("Checking account: routing number 021000021, account 4417 0000 12? no: ".length());
    }

    @Test
    void relaxedProximityFindsTheKeywordAnywhere() {
        String text = "National Insurance " + filler(2000) + " CE 22 19 87 B";
        assertThat(match(text, "uk-nino").confidence()).isEqualTo(85);
    }

    @Test
    void onePassOverTheTextWhateverTheNumberOfTypes() {
        String text = filler(5000) + " SSN 536-22-1234, card 4532 0151 1283 0366, IBAN " + iban("DE", "500105175407324931") + ", "
                + "maria.keller@acme-corp.com, ghp_token and " + filler(5000);
        SitEngine.ScanStats stats = engine.classifyWithStats(text);
        assertThat(engine.catalog().sits()).hasSizeGreaterThanOrEqualTo(23);
        assertThat(stats.charsScanned()).isEqualTo(text.length());
        assertThat(stats.result().matches()).extracting(SitMatch::sit)
                .contains("us-ssn", "credit-card-number", "iban", "email-address");
        // patterns are tried only where they can start, not once per SIT per position
        assertThat(stats.patternAttempts()).isLessThan(20);
    }

    static String iban(String country, String bban) {
        StringBuilder digits = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new java.math.BigInteger(digits.toString()).mod(java.math.BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    @Test
    void ordinaryProseHasNoMatches() {
        assertThat(engine.classify("Revenue for the third quarter reached 48.2 million, up 12 percent; version 3.2.1 ships "
                + "on 2026-03-14 at 10:30 in room 4.12. Call the team about the release.").matches()).isEmpty();
    }
}

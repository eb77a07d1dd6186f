package io.custodia.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

/** Validators on real valid values and on the ways real values are wrong. */
class ValidatorsTest {

    static boolean valid(String validator, String value) {
        return Validators.named(validator).accept(value, 0, value.length()) == value.length();
    }

    @Test
    void luhnAndCardIssuers() {
        assertThat(Validators.luhn("79927398713")).isTrue();          // the textbook Luhn example
        assertThat(Validators.luhn("79927398710")).isFalse();
        assertThat(valid("credit-card", "4111 1111 1111 1111")).isTrue();   // Visa
        assertThat(valid("credit-card", "5555-5555-5555-4444")).isTrue();   // Mastercard
        assertThat(valid("credit-card", "378282246310005")).isTrue();       // Amex, 15 digits
        assertThat(valid("credit-card", "3782822463100050")).isFalse();     // Amex never has 16
        assertThat(valid("credit-card", "4111111111111112")).isFalse();     // checksum broken
        assertThat(valid("credit-card", "9" + luhnComplete("11111111111111"))).isFalse(); // no such issuer
        assertThat(valid("credit-card", "0000000000000000")).isFalse();
        assertThat(valid("eu-debit-card", "6759649826438453")).isTrue();    // Maestro UK
        assertThat(valid("eu-debit-card", "378282246310005")).isFalse();    // 15 digits is no debit card
    }

    private static String luhnComplete(String partial) {
        for (int d = 0; d < 10; d++) {
            if (Validators.luhn("9" + partial + d)) {
                return partial + d;
            }
        }
        throw new AssertionError();
    }

    @Test
    void ibanChecksumAndCountryLength() {
        assertThat(valid("iban", "DE89370400440532013000")).isTrue();
        assertThat(valid("iban", "GB82 WEST 1234 5698 7654 32")).isTrue();
        assertThat(valid("iban", "NL91ABNA0417164300")).isTrue();
        assertThat(valid("iban", "DE89370400440532013001")).isFalse();   // mod 97 broken
        assertThat(valid("iban", "DE8937040044053201300")).isFalse();    // 21 characters, Germany has 22
        assertThat(valid("iban", "XX89370400440532013000")).isFalse();   // no such country
    }

    @Test
    void ibanFollowedByAnotherGroupIsCutBackToItsCountryLength() {
        String text = "BE68 5390 0754 7034 2024";
        assertThat(Validators.named("iban").accept(text, 0, text.length())).isEqualTo("BE68 5390 0754 7034".length());
    }

    @Test
    void abaRoutingChecksumAndPrefixes() {
        assertThat(valid("aba-routing", "021000021")).isTrue();   // JPMorgan Chase, New York
        assertThat(valid("aba-routing", "011000015")).isTrue();   // Federal Reserve Bank of Boston
        assertThat(valid("aba-routing", "121000358")).isTrue();   // Bank of America, California
        assertThat(valid("aba-routing", "0210-0002-1")).isTrue();
        assertThat(valid("aba-routing", "021000022")).isFalse();  // 3-7-1 checksum broken
        assertThat(valid("aba-routing", "451000021")).isFalse();  // 45 is no Federal Reserve prefix
    }

    @Test
    void ssnAreaGroupSerialRules() {
        assertThat(valid("us-ssn", "536-22-1234")).isTrue();
        assertThat(valid("us-ssn", "772 12 0001")).isTrue();
        assertThat(valid("us-ssn", "000-12-3456")).isFalse();
        assertThat(valid("us-ssn", "666-12-3456")).isFalse();
        assertThat(valid("us-ssn", "912-12-3456")).isFalse();
        assertThat(valid("us-ssn", "123-00-4567")).isFalse();
        assertThat(valid("us-ssn", "123-45-0000")).isFalse();
        assertThat(valid("us-ssn", "078-05-1120")).isFalse();   // the Woolworth wallet card
        assertThat(valid("us-ssn", "111-11-1111")).isFalse();
    }

    @Test
    void ninoPrefixRules() {
        assertThat(valid("uk-nino", "CE 22 19 87 B")).isTrue();
        assertThat(valid("uk-nino", "JG103759A")).isTrue();
        assertThat(valid("uk-nino", "DA221987B")).isFalse();    // D never first
        assertThat(valid("uk-nino", "BO221987B")).isFalse();    // O never second
        assertThat(valid("uk-nino", "GB221987B")).isFalse();    // GB, BG, NK, KN, TN, NT, ZZ are not allocated
        assertThat(valid("uk-nino", "TN221987B")).isFalse();
        assertThat(valid("uk-nino", "CE123456B")).isFalse();    // placeholder digits
    }

    @Test
    void githubTokenCarriesCrc32OfItsBody() {
        String token = githubToken("ghp_", "Zq3f8LkP0aVbN7xWc2RtY5uIo9EsDg");
        assertThat(valid("github-token", token)).isTrue();
        String broken = token.substring(0, 10) + (token.charAt(10) == 'a' ? 'b' : 'a') + token.substring(11);
        assertThat(valid("github-token", broken)).isFalse();
        assertThat(valid("github-token", "ghp_" + "x".repeat(36))).isFalse();
    }

    static String githubToken(String prefix, String body30) {
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        CRC32 crc = new CRC32();
        crc.update(body30.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] check = new char[6];
        for (int i = 5; i >= 0; i--) {
            check[i] = base62.charAt((int) (v % 62));
            v /= 62;
        }
        return prefix + body30 + new String(check);
    }

    @Test
    void emailNeedsALettersOnlyTopLevelDomain() {
        assertThat(valid("email", "maria.keller@acme-corp.com")).isTrue();
        assertThat(valid("email", "j.doe+news@mail.co.uk")).isTrue();
        assertThat(valid("email", "icon@2x.png")).isFalse();
        assertThat(valid("email", "lodash@4.17.21")).isFalse();
        assertThat(valid("email", "a..b@acme.com")).isFalse();
        String url = "https://ghp_token@github.com";
        assertThat(Validators.named("email").accept(url, 8, url.length())).isNegative(); // credentials in a URL
    }

    @Test
    void ipAddresses() {
        assertThat(valid("ipv4", "10.20.30.40")).isTrue();
        assertThat(valid("ipv4", "256.1.1.1")).isFalse();
        assertThat(valid("ipv4", "01.2.3.4")).isFalse();
        assertThat(valid("ipv6", "2a01:4f8:c17:1a2b::1")).isTrue();
        assertThat(valid("ipv6", "fe80::1ff:fe23:4567:890a")).isTrue();
        assertThat(valid("ipv6", "1:2:3:4:5:6")).isFalse();       // six groups without "::"
        assertThat(valid("ipv6", "::1")).isFalse();               // too little to be anything but loopback
        assertThat(valid("ipv6", "1::2::3")).isFalse();
    }

    @Test
    void phoneNumbers() {
        assertThat(valid("phone", "(415) 867-5309")).isTrue();
        assertThat(valid("phone", "+1 415 867 5309")).isTrue();
        assertThat(valid("phone", "+49 30 12345678")).isTrue();
        assertThat(valid("phone", "(415) 555-0123")).isFalse();   // 555-01xx is reserved for fiction
        assertThat(valid("phone", "+44 20 7946 0958")).isFalse(); // Ofcom's drama range
        assertThat(valid("phone", "(115) 867-5309")).isFalse();   // area codes start with 2-9
        assertThat(valid("phone", "123-456-7890")).isFalse();
    }

    @Test
    void credentials() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"42\",\"iat\":1760000000}".getBytes());
        assertThat(valid("jwt", header + "." + payload + ".dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isTrue();
        assertThat(valid("jwt", "eyJub3RKc29uIjp9." + payload + ".dBjftJeZ4CVPmB92K27uhbUJU1p1r")).isFalse();
        assertThat(valid("aws-secret-key", "8G/FIQ4+s1jr+3CwF3CIAlgmYNVJ7+1MAORcL7xU")).isTrue();
        assertThat(valid("aws-secret-key", "da39a3ee5e6b4b0d3255bfef95601890afd80709")).isFalse(); // a SHA-1
        assertThat(valid("aws-secret-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).isFalse();
        assertThat(valid("openai-key", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyT3BlbkFJzA4bC7dE0fG3hI6jK9lM")).isTrue();
        assertThat(valid("openai-key", "sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy0zA4bC7dE0fG3hI6jK9")).isFalse();
        assertThat(valid("password", "Summer2024!")).isTrue();
        assertThat(valid("password", "Tr0ub4dor&3")).isTrue();
        assertThat(valid("password", "********")).isFalse();
        assertThat(valid("password", "${DB_PASSWORD}")).isFalse();
        assertThat(valid("password", "expired")).isFalse();
        assertThat(valid("password", "getpass()")).isFalse();
        assertThat(valid("password", "2024-05-01")).isFalse();
        assertThat(valid("not-placeholder", "xoxb-XXXXXXXXXXXX")).isFalse();
        assertThat(valid("not-placeholder", "ghp_1234567890abcdef")).isFalse();
    }

    @Test
    void privateKeyNeedsABody() {
        String body = "MIIEowIBAAKCAQEAx1zN8z5Qk2v7Yh3Jm9tW0pLr6sUe4dFg8hJkLzXcVbNmQwErTyUiOpAsDfGhJkLz\n"
                + "Rk8vT2pQ9mZ4sX7cB1nL5yH3wJ6eU0aG8dF2kP4rT7vQ9sN1mB3xC5zW8yE6uI0oA2\n";
        String key = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----";
        int begin = "-----BEGIN RSA PRIVATE KEY-----".length();
        assertThat(Validators.named("private-key").accept(key, 0, begin)).isEqualTo(key.length());
        String elided = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...snip...\n-----END RSA PRIVATE KEY-----";
        assertThat(Validators.named("private-key").accept(elided, 0, begin)).isNegative();
    }
}

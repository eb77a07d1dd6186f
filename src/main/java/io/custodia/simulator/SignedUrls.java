package io.custodia.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived signed download URLs, like the blob-storage SAS URLs the real API redirects to: the
 * signature covers the path and the expiry, and the URL stops working when it expires.
 */
final class SignedUrls {

    private final byte[] secret = new byte[32];
    private final Duration ttl;

    SignedUrls(Duration ttl) {
        new SecureRandom().nextBytes(secret);
        this.ttl = ttl;
    }

    /** Query string {@code se=<epoch seconds>&sig=<hex>} for {@code path}. */
    String sign(String path) {
        long expiry = Instant.now().plus(ttl).getEpochSecond();
        return "se=" + expiry + "&sp=r&sig=" + signature(path, expiry);
    }

    enum Verdict { VALID, EXPIRED, FORGED }

    Verdict verify(String path, String se, String sig) {
        long expiry;
        try {
            expiry = Long.parseLong(se);
        } catch (NumberFormatException | NullPointerException e) {
            return Verdict.FORGED;
        }
        if (sig == null || !MessageDigest.isEqual(sig.getBytes(StandardCharsets.US_ASCII),
                signature(path, expiry).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.FORGED;
        }
        return Instant.now().getEpochSecond() > expiry ? Verdict.EXPIRED : Verdict.VALID;
    }

    private String signature(String path, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + expiry).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

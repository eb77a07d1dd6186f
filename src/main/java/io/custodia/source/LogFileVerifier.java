package io.custodia.source;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Checks a downloaded log file against the size and SHA-256 of its listing entry. */
@Component("logFileVerifier")
public class LogFileVerifier {

    public byte[] verify(Exchange exchange) {
        Message in = exchange.getIn();
        LogFileRef file = in.getHeader(ComplianceApi.LOG_FILE, LogFileRef.class);
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status != 200) {
            throw new ComplianceApiException(status, "download of " + file.id() + " answered HTTP " + status);
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String actual = sha256(body);
        if (!actual.equalsIgnoreCase(file.sha256())) {
            throw new IntegrityException("log file " + file.id() + " has SHA-256 " + actual + ", listing says "
                    + file.sha256() + " (" + body.length + " bytes, listing says " + file.fileSize() + ")");
        }
        in.setBody(body);
        return body;
    }

    public static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

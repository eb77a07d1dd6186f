package io.custodia.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

import io.custodia.ingest.QuarantineStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SignedDownloads} with the HTTP calls scripted: an expired signed URL (410) is followed by a new
 * request by id, the signed host never sees the key, and a body that keeps failing its hash is quarantined
 * with the reason and the bytes after {@code download-attempts}.
 */
class SignedDownloadsTest {

    private static final byte[] GOOD = "{\"event_id\":\"e1\"}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BAD = "{\"event_id\":\"e1\"".getBytes(StandardCharsets.UTF_8);

    private final CamelContext camel = new DefaultCamelContext();
    private final List<String> calls = new ArrayList<>();
    private final Deque<Object> signedAnswers = new ArrayDeque<>(); // byte[] body or Integer status
    private final List<Object[]> quarantined = new ArrayList<>();

    private SignedDownloads downloads() {
        SourceProperties props = new SourceProperties(List.of(new SourceProperties.Workspace("ws-1", null,
                "http://api.test/v1", "sk-secret", null, null, null, null, null, null, null)), null);
        QuarantineStore quarantine = new QuarantineStore(null) {
            @Override
            public void put(String workspaceId, String stream, String source, String reference, String reason, byte[] raw) {
                quarantined.add(new Object[]{workspaceId, stream, source, reference, reason, raw});
            }
        };
        ComplianceApi api = new ComplianceApi(new Workspaces(props, new StandardEnvironment()), props,
                JsonMapper.builder().build(), quarantine);
        ApiRequests requests = new ApiRequests(null, null, null, ResilienceProperties.defaults(), null) {
            @Override
            public void apiOrRedirect(Exchange e) {
                calls.add("api " + e.getIn().getHeader(Exchange.HTTP_URI) + " " + e.getIn().getHeader("Authorization"));
                e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 307);
                e.getIn().setHeader("Location", "https://blob.test/logs/clf_1?sig=abc");
            }

            @Override
            public void signed(Exchange e) throws Exception {
                calls.add("signed " + e.getIn().getHeader(Exchange.HTTP_URI) + " " + e.getIn().getHeader("Authorization"));
                Object answer = signedAnswers.poll();
                if (answer instanceof Integer status) {
                    throw new HttpOperationFailedException("https://blob.test/logs/clf_1", status, "Gone", null, null, "expired");
                }
                e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                e.getIn().setBody(answer);
            }
        };
        return new SignedDownloads(api, requests, new LogFileVerifier(), null, quarantine, ResilienceProperties.defaults());
    }

    private Exchange exchange() {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader(ComplianceApi.WORKSPACE, "ws-1");
        e.getIn().setHeader(ComplianceApi.STREAM, "AUTH_LOG");
        e.getIn().setHeader(ComplianceApi.LOG_FILE, new LogFileRef("clf_1", "AUTH_LOG", java.time.Instant.EPOCH,
                "auth.jsonl", GOOD.length, LogFileVerifier.sha256(GOOD)));
        return e;
    }

    @Test
    void expiredSignedUrlIsAskedForAgainById() throws Exception {
        signedAnswers.add(410);
        signedAnswers.add(GOOD);
        Exchange e = exchange();
        downloads().logFile(e);
        assertThat(e.getIn().getBody(byte[].class)).isEqualTo(GOOD);
        assertThat(e.getIn().getHeader(SignedDownloads.QUARANTINED)).isNull();
        assertThat(calls).containsExactly(
                "api http://api.test/v1/compliance/workspaces/ws-1/logs/clf_1 Bearer sk-secret",
                "signed https://blob.test/logs/clf_1?sig=abc null",
                "api http://api.test/v1/compliance/workspaces/ws-1/logs/clf_1 Bearer sk-secret",
                "signed https://blob.test/logs/clf_1?sig=abc null");
        assertThat(quarantined).isEmpty();
    }

    @Test
    void hashMismatchIsDownloadedAgainThenQuarantined() throws Exception {
        signedAnswers.add(BAD);
        signedAnswers.add(GOOD);
        Exchange ok = exchange();
        downloads().logFile(ok);
        assertThat(ok.getIn().getBody(byte[].class)).isEqualTo(GOOD);
        assertThat(quarantined).isEmpty();

        calls.clear();
        signedAnswers.add(BAD);
        signedAnswers.add(BAD);
        signedAnswers.add(BAD);
        Exchange bad = exchange();
        downloads().logFile(bad);
        assertThat(calls).hasSize(6); // download-attempts = 3
        assertThat(bad.getIn().getHeader(SignedDownloads.QUARANTINED, Boolean.class)).isTrue();
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q[0]).isEqualTo("ws-1");
            assertThat(q[1]).isEqualTo("AUTH_LOG");
            assertThat(q[2]).isEqualTo("collect");
            assertThat(q[3]).isEqualTo("ws-1/clf_1");
            assertThat((String) q[4]).contains("SHA-256", "3 downloads");
            assertThat((byte[]) q[5]).isEqualTo(BAD);
        });
    }
}

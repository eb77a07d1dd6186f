package io.custodia.source;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.custodia.ingest.QuarantineStore;

/**
 * Downloads through the API's 307 redirects: {@code GET …/logs/{id}} or {@code GET …/users/{u}/files/{f}}
 * with the bearer key, then the short-lived signed URL without it. A signed URL that answers 410 has
 * expired: the file is asked for again by id (a fresh URL). A log file whose bytes do not match
 * {@code file_sha256} is downloaded again; after {@code custodia.source.resilience.download-attempts}
 * it is quarantined with the reason and the bytes received, and marked {@link #QUARANTINED} so the route
 * lands it as such (the checkpoint moves on, the ingest job does not read it).
 */
@Component("signedDownloads")
public class SignedDownloads {

    private static final Logger log = LoggerFactory.getLogger(SignedDownloads.class);

    /** Header: the log file was quarantined instead of verified. */
    public static final String QUARANTINED = "CustodiaQuarantined";
    static final String SOURCE = "collect";

    private final ComplianceApi api;
    private final ApiRequests requests;
    private final LogFileVerifier verifier;
    private final StagingStore staging;
    private final QuarantineStore quarantine;
    private final ResilienceProperties props;

    public SignedDownloads(ComplianceApi api, ApiRequests requests, LogFileVerifier verifier, StagingStore staging,
                           QuarantineStore quarantine, ResilienceProperties props) {
        this.api = api;
        this.requests = requests;
        this.verifier = verifier;
        this.staging = staging;
        this.quarantine = quarantine;
        this.props = props;
    }

    /** The verified body of {@link ComplianceApi#LOG_FILE}, or the header {@link #QUARANTINED} set. */
    public void logFile(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        LogFileRef file = in.getHeader(ComplianceApi.LOG_FILE, LogFileRef.class);
        String ws = in.getHeader(ComplianceApi.WORKSPACE, String.class);
        String stream = in.getHeader(ComplianceApi.STREAM, String.class);
        in.removeHeader(QUARANTINED);
        for (int attempt = 1; ; attempt++) {
            api.downloadLogFile(exchange);
            requests.apiOrRedirect(exchange);
            api.followSignedRedirect(exchange);
            try {
                requests.signed(exchange);
            } catch (Exception e) {
                if (ApiRequests.status(e) == 410 && attempt < props.downloadAttempts()) {
                    log.info("Signed URL of log file {} (workspace {}) expired: asking for the file again", file.id(), ws);
                    continue;
                }
                throw e;
            }
            try {
                verifier.verify(exchange);
                return;
            } catch (IntegrityException e) {
                if (attempt < props.downloadAttempts()) {
                    log.warn("Workspace {} stream {}: {}; downloading it again (try {} of {})", ws, stream,
                            e.getMessage(), attempt + 1, props.downloadAttempts());
                    continue;
                }
                byte[] body = in.getBody(byte[].class);
                quarantine.put(ws, stream, SOURCE, ws + "/" + file.id(), e.getMessage() + " (" + attempt
                        + " downloads; the file is kept aside, collection goes on)", body);
                in.setHeader(QUARANTINED, true);
                return;
            }
        }
    }

    /**
     * The bytes of {@link ComplianceApi#FILE}: stored, or recorded as unavailable when the API no longer has
     * the file (404/410 from the API itself).
     */
    public void userFile(Exchange exchange) throws Exception {
        FileRef file = exchange.getIn().getHeader(ComplianceApi.FILE, FileRef.class);
        for (int attempt = 1; ; attempt++) {
            api.downloadUserFile(exchange);
            try {
                requests.apiOrRedirect(exchange);
            } catch (Exception e) {
                if (gone(e)) {
                    unavailable(exchange, e);
                    return;
                }
                throw e;
            }
            api.followSignedRedirect(exchange);
            try {
                requests.signed(exchange);
            } catch (Exception e) {
                if (ApiRequests.status(e) == 410 && attempt < props.downloadAttempts()) {
                    log.info("Signed URL of file {} expired: asking for the file again", file.fileId());
                    continue;
                }
                if (gone(e)) {
                    unavailable(exchange, e);
                    return;
                }
                throw e;
            }
            staging.storeBlob(exchange);
            return;
        }
    }

    private static boolean gone(Exception e) {
        int s = ApiRequests.status(e);
        return s == 404 || s == 410;
    }

    private void unavailable(Exchange exchange, Exception e) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        staging.blobUnavailable(exchange);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
    }
}

package io.custodia.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The signed download host behind the 307 redirects ({@code GET /sim/blob/logs/{ws}/{fileId}} and
 * {@code /sim/blob/files/{ws}/{fileId}}). Like blob storage with a SAS token it refuses a request that also
 * carries an {@code Authorization} header, so a client that leaks its bearer key to the download host fails
 * loudly here.
 * <p>
 * A filter ahead of every other one that answers the request itself, rather than a controller: blob storage
 * is a plain file server, and the simulator's downloads (half of its requests in the ingest bench: every
 * log file and every upload, ~11,000 per 200,000 messages) went through Spring Security's chain, the observation and request
 * filters, the {@code DispatcherServlet}'s handler lookup, argument resolution and message converters — the
 * bulk of the simulator's CPU, which the bench's "API" takes from the hub's two cores (docs/performance.md,
 * "Seventh round"). Anything else under {@code /sim/blob/} (another method or path) goes on down the chain
 * and gets Spring's 404/405.
 */
class SimulatorBlobFilter extends OncePerRequestFilter {

    static final String PREFIX = "/sim/blob/";
    private static final String JSONL = "application/jsonl";

    private final Simulator simulator;
    private final SignedUrls signedUrls;

    SimulatorBlobFilter(Simulator simulator, SignedUrls signedUrls) {
        this.simulator = simulator;
        this.signedUrls = signedUrls;
    }

    // Spring's own path pattern: matched and decoded as a controller's @PathVariables are
    private static final PathPattern DOWNLOAD = PathPatternParser.defaultInstance.parse(PREFIX + "{kind:logs|files}/{ws}/{fileId}");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathPattern.PathMatchInfo match = DOWNLOAD.matchAndExtract(
                PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length())));
        if (match == null) {
            chain.doFilter(request, response);
            return;
        }
        String kind = match.getUriVariables().get("kind");
        String ws = match.getUriVariables().get("ws");
        String fileId = match.getUriVariables().get("fileId");
        String blobPath = kind + "/" + ws + "/" + fileId;
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            Simulator.Hosted h = simulator.get(ws);
            if (h != null) {
                h.requests().count("blob.rejectedAuthorization");
            }
            text(response, HttpStatus.BAD_REQUEST,
                    "InvalidAuthenticationInfo: a signed URL must not be combined with an Authorization header");
            return;
        }
        switch (signedUrls.verify(blobPath, request.getParameter("se"), request.getParameter("sig"))) {
            case EXPIRED -> {
                text(response, HttpStatus.FORBIDDEN, "AuthenticationFailed: signed URL expired");
                return;
            }
            case FORGED -> {
                text(response, HttpStatus.FORBIDDEN, "AuthenticationFailed: signature did not match");
                return;
            }
            case VALID -> {
            }
        }
        Simulator.Hosted h = simulator.get(ws);
        if (h != null) {
            h.requests().count("blob." + kind);
        }
        if (kind.equals("logs")) {
            logFile(h, blobPath, fileId, response);
        } else {
            userFile(h, blobPath, fileId, response);
        }
    }

    private void logFile(Simulator.Hosted h, String blobPath, String fileId, HttpServletResponse response)
            throws IOException {
        LogsPlatform.LogFile file = h == null ? null : h.logs().find(fileId);
        if (missingOrExpired(file, blobPath, response)) {
            return;
        }
        boolean corrupt = simulator.faults().corruptDownload(blobPath);
        Path rendered = h.logs().renderedBody(fileId);
        if (rendered != null && !corrupt) {
            // streamed from disk, no copy of the body in the heap
            ok(response, JSONL, file.fileName(), Files.size(rendered));
            try (OutputStream out = response.getOutputStream()) {
                Files.copy(rendered, out);
            }
            return;
        }
        byte[] body = h.logs().body(file);
        if (corrupt && body.length > 0) {
            body = Arrays.copyOf(body, body.length - 1); // a truncated transfer
        }
        ok(response, JSONL, file.fileName(), body.length);
        response.getOutputStream().write(body);
    }

    private void userFile(Simulator.Hosted h, String blobPath, String fileId, HttpServletResponse response)
            throws IOException {
        ConversationPlan.SimFile file = h == null ? null : h.workspace().findFile(fileId, null);
        if (missingOrExpired(file, blobPath, response)) {
            return;
        }
        SampleFileLibrary.Sample sample = h.workspace().samples().get(file.sampleIndex());
        ok(response, sample.contentType(), file.name(), sample.bytes().length);
        response.getOutputStream().write(sample.bytes());
    }

    /** Answers 404 for a blob that is not there, 410 for one whose URL the fault plan expires; true if it did. */
    private boolean missingOrExpired(Object file, String blobPath, HttpServletResponse response) throws IOException {
        if (file == null) {
            text(response, HttpStatus.NOT_FOUND, "BlobNotFound");
            return true;
        }
        if (simulator.faults().expireUrl(blobPath)) {
            text(response, HttpStatus.GONE, "BlobExpired: the signed URL has expired; request a new one");
            return true;
        }
        return false;
    }

    private static void ok(HttpServletResponse response, String contentType, String fileName, long length) {
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(contentType);
        response.setContentLengthLong(length);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    }

    private static void text(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status.value());
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

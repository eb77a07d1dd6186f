package io.custodia.simulator;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The simulated API's downloads that succeed — {@code GET …/workspaces/{ws}/logs/{fileId}} and
 * {@code …/users/{userId}/files/{fileId}} with the workspace's key, for a file that is there — answered with
 * their {@code 307} to the signed URL here, ahead of Spring Security, the observation filters and the
 * {@code DispatcherServlet}. After {@link SimulatorBlobFilter} these redirects were most of the simulator's
 * remaining CPU in the ingest bench (one per log file and one per upload: ~11,000 per 200,000 messages).
 * Everything else — a missing or wrong key, an unknown file, another path — goes on to
 * {@link ComplianceApiSimulatorController}, which answers it as before; the request faults
 * ({@code RequestFaultFilter}) run before this filter.
 */
class SimulatorRedirectFilter extends OncePerRequestFilter {

    static final String PREFIX = "/sim/v1/compliance/workspaces/";

    private final SimulatorResponses http;

    SimulatorRedirectFilter(SimulatorResponses http) {
        this.http = http;
    }

    // Spring's own path patterns: matched and decoded as the controller's @PathVariables are
    private static final PathPattern LOG_FILE = PathPatternParser.defaultInstance.parse(PREFIX + "{ws}/logs/{fileId}");
    private static final PathPattern USER_FILE =
            PathPatternParser.defaultInstance.parse(PREFIX + "{ws}/users/{userId}/files/{fileId}");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getQueryString() != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String blobPath = blobPath(request);
        if (blobPath == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.TEMPORARY_REDIRECT.value());
        response.setHeader(HttpHeaders.LOCATION, http.signedUrl(request, blobPath));
        response.setContentLength(0);
    }

    /**
     * The blob path of an authorised download of a file that is there (counted as the controller counts it), or
     * null when the controller must answer.
     */
    private String blobPath(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        PathPattern.PathMatchInfo log = LOG_FILE.matchAndExtract(path);
        PathPattern.PathMatchInfo upload = log != null ? null : USER_FILE.matchAndExtract(path);
        Map<String, String> vars = log != null ? log.getUriVariables() : upload != null ? upload.getUriVariables() : null;
        Simulator.Hosted h = vars == null ? null : http.authorize(vars.get("ws"), request.getHeader(HttpHeaders.AUTHORIZATION));
        if (h == null) {
            return null;
        }
        String blob = log != null ? SimulatorResponses.logFileBlob(h, vars.get("fileId"))
                : SimulatorResponses.userFileBlob(h, vars.get("userId"), vars.get("fileId"));
        if (blob != null) {
            h.requests().count(log != null ? "logs.get" : "files.get");
        }
        return blob;
    }
}

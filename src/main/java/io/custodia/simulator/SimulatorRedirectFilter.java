package io.custodia.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

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

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod());
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
        String uri = request.getRequestURI();
        int start = request.getContextPath().length();
        if (!uri.startsWith(PREFIX, start) || request.getQueryString() != null) {
            return null;
        }
        String[] parts = uri.substring(start + PREFIX.length()).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                return null;
            }
            parts[i] = UriUtils.decode(parts[i], StandardCharsets.UTF_8); // as @PathVariable would
        }
        Simulator.Hosted h = http.authorize(parts[0], request.getHeader(HttpHeaders.AUTHORIZATION));
        if (h == null) {
            return null;
        }
        String ws = parts[0];
        if (parts.length == 3 && parts[1].equals("logs")) {
            if (h.logs().find(parts[2]) == null) {
                return null;
            }
            h.requests().count("logs.get");
            return "logs/" + ws + "/" + parts[2];
        }
        if (parts.length == 5 && parts[1].equals("users") && parts[3].equals("files")) {
            String[] owner = new String[1];
            String fileId = parts[4];
            if (h.workspace().findFile(fileId, owner) == null || !owner[0].equals(parts[2])
                    || h.workspace().deletions().fileDeleted(fileId)) {
                return null;
            }
            h.requests().count("files.get");
            return "files/" + ws + "/" + fileId;
        }
        return null;
    }
}

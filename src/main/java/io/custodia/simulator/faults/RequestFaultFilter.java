package io.custodia.simulator.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request-level faults of the simulated API ({@code /sim/v1/*}): added latency, 429 with or without
 * {@code Retry-After}, and 5xx, decided by the {@link FaultPlan} before any endpoint runs.
 */
public class RequestFaultFilter extends OncePerRequestFilter {

    private final FaultPlan plan;

    public RequestFaultFilter(FaultPlan plan) {
        this.plan = plan;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/sim/v1/") || !plan.properties().requestFaults();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!plan.properties().latency().isZero()) {
            try {
                Thread.sleep(plan.properties().latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FaultPlan.Decision decision = plan.nextRequest();
        switch (decision.fault()) {
            case RATE_LIMITED -> {
                response.setHeader("Retry-After", Long.toString(plan.properties().rateLimitRetryAfter().toSeconds()));
                error(response, 429, "rate_limit_exceeded", "Too Many Requests");
            }
            case RATE_LIMITED_WITHOUT_RETRY_AFTER -> error(response, 429, "rate_limit_exceeded", "Too Many Requests");
            case SERVER_ERROR -> error(response, plan.serverErrorStatus(decision.n()), "server_error",
                    "The server had an error while processing your request (simulated)");
            case NONE -> chain.doFilter(request, response);
        }
    }

    private static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
    }
}

package io.autobiz.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Applies {@link SandboxFaults} to requests for the provider endpoints only. A 5xx and a 429 are answered before the
 * provider sees the request (nothing happened, as at a provider that refused it); a timeout lets the provider do the
 * work and holds its answer back for {@code timeoutDelay}, so the caller cannot tell whether it happened and must
 * retry with the same idempotency key.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SandboxFaultFilter extends OncePerRequestFilter {

    private final SandboxFaults faults;

    SandboxFaultFilter(SandboxFaults faults) {
        this.faults = faults;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !faults.settings().any()
                || SandboxFaults.providerOf(request.getRequestURI()).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String provider = SandboxFaults.providerOf(request.getRequestURI()).orElseThrow();
        Optional<SandboxFaults.Kind> fault = faults.forRequest(provider);
        if (fault.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        switch (fault.get()) {
            case SERVER_ERROR -> refuse(response, 503, "injected_fault", "the sandbox injected a 503 (soak fault)");
            case TOO_MANY_REQUESTS -> {
                response.setHeader(
                        "Retry-After",
                        String.valueOf(
                                Math.max(1, faults.settings().retryAfter().toSeconds())));
                refuse(response, 429, "rate_limited", "the sandbox injected a 429 (soak fault)");
            }
            case TIMEOUT -> {
                ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
                chain.doFilter(request, held);
                try {
                    Thread.sleep(faults.settings().timeoutDelay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                held.copyBodyToResponse();
            }
            default -> chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream()
                .write(("{\"error\":{\"type\":\"api_error\",\"code\":\"" + code + "\",\"message\":\"" + message
                                + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}

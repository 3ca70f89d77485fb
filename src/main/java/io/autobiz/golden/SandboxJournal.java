package io.autobiz.golden;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In a golden run's child JVM only ({@code autobiz.golden.child=true}): what WireMock's journal and scenarios are to
 * the golden ITs, for the in-process sandboxes. It logs every provider call below {@code /sandbox} (method, path,
 * answer; the Shopify operation), so effects are counted as the ITs count them, and answers a case's scripted faults
 * ({@code stripe.refund} with 500 the first time) before the sandbox sees the request. The LLM's primary and fallback
 * endpoints are told apart by their path, as on WireMock, and both answered by the LLM sandbox.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "autobiz.golden.child", havingValue = "true")
class SandboxJournal extends OncePerRequestFilter {

    static final String PREFIX = "/sandbox";
    private static final String LLM_SANDBOX = "/sandbox/llm/v1/chat/completions";

    /** One call a provider answered. */
    record Entry(String method, String path, String body, int status) {}

    private record Scripted(GoldenCalls.Call call, String with, int[] left) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Scripted> faults = new ArrayList<>();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX + "/");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(PREFIX.length());
        String text;
        HttpServletRequest replay;
        String type = request.getContentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            // Stripe and Slack: the container parses the form itself; its parameters are all a call is matched by.
            text = request.getParameterMap().toString();
            replay = request;
        } else {
            byte[] body = request.getInputStream().readAllBytes();
            text = new String(body, StandardCharsets.UTF_8);
            replay = new Replay(request, body);
        }
        Optional<String> fault = faultFor(request.getMethod(), path, text);
        if (fault.isPresent()) {
            answer(fault.get(), replay, response, chain, path);
        } else {
            forward(replay, response, chain, path);
        }
        synchronized (this) {
            entries.add(new Entry(request.getMethod(), path, text, response.getStatus()));
        }
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws ServletException, IOException {
        if (path.startsWith("/llm/primary/") || path.startsWith("/llm/fallback/")) {
            request.getRequestDispatcher(LLM_SANDBOX).forward(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** A fault as WireMock's stub answers it: a status (and 429 with Retry-After), a slow answer, a dropped line. */
    private void answer(
            String with, HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path)
            throws ServletException, IOException {
        switch (with) {
            case "timeout" -> {
                try {
                    Thread.sleep(GoldenRunCommand.TIMEOUT_DELAY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                forward(request, response, chain, path);
            }
            case "reset" -> {
                // The closest a servlet comes to a reset connection: the answer is cut off before its status line.
                response.setStatus(502);
                response.setHeader("Connection", "close");
                response.flushBuffer();
            }
            default -> {
                int status = Integer.parseInt(with);
                response.setStatus(status);
                response.setContentType("application/json");
                if (status == 429) {
                    response.setHeader("Retry-After", "1");
                }
                response.getOutputStream()
                        .write(("{\"error\":{\"message\":\"golden fault " + with + "\",\"type\":\"api_error\"}}")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private synchronized Optional<String> faultFor(String method, String path, String body) {
        for (Scripted scripted : faults) {
            if (scripted.left()[0] > 0 && scripted.call().matches(method, path, body)) {
                scripted.left()[0]--;
                return Optional.of(scripted.with());
            }
        }
        return Optional.empty();
    }

    synchronized void reset() {
        entries.clear();
        faults.clear();
    }

    synchronized void inject(GoldenCase.Fault fault) {
        int times = fault.times() == null ? 1 : fault.times();
        faults.add(new Scripted(GoldenCalls.call(fault.call()), fault.with(), new int[] {times}));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The request with its body read once and given again to whoever reads it next. */
    private static final class Replay extends HttpServletRequestWrapper {

        private final byte[] body;

        Replay(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}

package io.autobiz.kernel.tool;

import io.autobiz.kernel.KernelApi;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tool call consumed, reported by the tool while it runs: LLM tokens per model and provider calls. The kernel
 * charges it to the run's bounds (tokens, tool calls) and cost. A tool that calls a provider twice (a retry on
 * throttling, a fallback model) reports both.
 */
@KernelApi
public final class ToolUsage {

    /** Tokens one model answered with. */
    public record Tokens(String model, long promptTokens, long completionTokens) {

        public long total() {
            return promptTokens + completionTokens;
        }
    }

    private final List<Tokens> tokens = new ArrayList<>();
    private final List<String> providerCalls = new ArrayList<>();

    public synchronized void recordTokens(String model, long promptTokens, long completionTokens) {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        tokens.add(new Tokens(model, promptTokens, completionTokens));
    }

    public synchronized void recordProviderCall(String provider) {
        providerCalls.add(provider);
    }

    public synchronized List<Tokens> tokens() {
        return List.copyOf(tokens);
    }

    public synchronized List<String> providerCalls() {
        return List.copyOf(providerCalls);
    }

    public synchronized long totalTokens() {
        return tokens.stream().mapToLong(Tokens::total).sum();
    }
}

package io.autobiz.kernel.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the kernel needs to know about a tool before letting it run.
 *
 * @param id {@code name@version}
 * @param description one line for people: shown in traces, Modeler templates and errors
 * @param inputSchema draft-07 JSON Schema of the input; closed ({@code additionalProperties: false})
 * @param outputSchema draft-07 JSON Schema of the output; closed as well
 * @param sideEffect how much the tool can change the world
 * @param scope the permission scope a caller needs, e.g. {@code payments:capture}
 * @param timeout how long one call may take before it is aborted and its result discarded
 * @param intentFields the input fields that say what the call is for; with the tenant and tool they form the
 *     idempotency key, so two calls with the same intent happen once
 * @param dependency the provider the tool talks to (stripe, shopify, printful, sendgrid, slack, llm), for its
 *     circuit breaker, or {@code none}
 * @param moneyField the input field holding the amount of money the call moves (for a WRITE tool: the amount at stake,
 *     which HITL conditions weigh and approvers see), in the currency's minor unit; required
 *     for FINANCIAL tools, whose amounts count against the run's and the store's money-at-risk bounds
 * @param unknownOutcome for a WRITE tool whose provider has no idempotency key (SendGrid): the output the kernel
 *     records when a call timed out after it may have reached the provider. Such a call is not made again: its key is
 *     completed with this output and a receipt, so a retry replays it and the workflow goes on (at most once, where
 *     twice is worse than maybe never). Null (the default): a timed-out call is released and retried with the same
 *     external key, which the provider deduplicates.
 */
@KernelApi
public record ToolContract(
        ToolId id,
        String description,
        JsonNode inputSchema,
        JsonNode outputSchema,
        SideEffect sideEffect,
        String scope,
        Duration timeout,
        List<String> intentFields,
        String dependency,
        String moneyField,
        ObjectNode unknownOutcome) {

    public ToolContract {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(inputSchema, "inputSchema of " + id);
        Objects.requireNonNull(outputSchema, "outputSchema of " + id);
        Objects.requireNonNull(sideEffect, "sideEffect of " + id);
        Objects.requireNonNull(timeout, "timeout of " + id);
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException(id + " needs a permission scope");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(id + " needs a positive timeout");
        }
        if (dependency == null || dependency.isBlank()) {
            throw new IllegalArgumentException(id + " needs a dependency name (or 'none')");
        }
        intentFields = List.copyOf(intentFields);
        if (sideEffect != SideEffect.READ && intentFields.isEmpty()) {
            throw new IllegalArgumentException(
                    id + " is " + sideEffect + " and so needs intent fields to form its idempotency key");
        }
        description = description == null ? "" : description;
        moneyField = moneyField == null || moneyField.isBlank() ? null : moneyField;
        if (sideEffect == SideEffect.FINANCIAL && moneyField == null) {
            throw new IllegalArgumentException(id + " is FINANCIAL and so must name its money field");
        }
        if (unknownOutcome != null && sideEffect == SideEffect.READ) {
            throw new IllegalArgumentException(id + " is READ: a read that timed out is simply read again, it has no"
                    + " unknown outcome to record");
        }
        unknownOutcome = unknownOutcome == null ? null : unknownOutcome.deepCopy();
    }

    /**
     * The output recorded for a call that timed out with its effect unknown, when the provider cannot deduplicate a
     * retry; empty when a timed-out call is retried.
     */
    public Optional<ObjectNode> outcomeWhenUnknown() {
        return Optional.ofNullable(unknownOutcome).map(ObjectNode::deepCopy);
    }

    /** The input field with the amount this call moves, when the tool moves money. */
    public Optional<String> money() {
        return Optional.ofNullable(moneyField);
    }

    public static Builder builder(String name, int version) {
        return new Builder(new ToolId(name, version));
    }

    /** Reads like the contract table in docs/architecture.md, "The kernel pipeline". */
    public static final class Builder {
        private final ToolId id;
        private String description = "";
        private JsonNode inputSchema;
        private JsonNode outputSchema;
        private SideEffect sideEffect;
        private String scope;
        private Duration timeout = Duration.ofSeconds(10);
        private final List<String> intentFields = new ArrayList<>();
        private String dependency = "none";
        private String moneyField;
        private ObjectNode unknownOutcome;

        private Builder(ToolId id) {
            this.id = id;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder input(JsonNode schema) {
            this.inputSchema = schema;
            return this;
        }

        public Builder output(JsonNode schema) {
            this.outputSchema = schema;
            return this;
        }

        public Builder sideEffect(SideEffect sideEffect) {
            this.sideEffect = sideEffect;
            return this;
        }

        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder intent(String... fields) {
            intentFields.addAll(List.of(fields));
            return this;
        }

        public Builder dependency(String dependency) {
            this.dependency = dependency;
            return this;
        }

        public Builder money(String inputField) {
            this.moneyField = inputField;
            return this;
        }

        /**
         * The provider has no idempotency key: a call that timed out is recorded with this output instead of being
         * retried (see {@link ToolContract}).
         */
        public Builder atMostOnce(ObjectNode unknownOutcome) {
            this.unknownOutcome = unknownOutcome;
            return this;
        }

        public ToolContract build() {
            return new ToolContract(
                    id,
                    description,
                    inputSchema,
                    outputSchema,
                    sideEffect,
                    scope,
                    timeout,
                    intentFields,
                    dependency,
                    moneyField,
                    unknownOutcome);
        }
    }
}

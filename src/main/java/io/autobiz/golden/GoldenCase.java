package io.autobiz.golden;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One golden case as written in {@code src/main/resources/golden/cases/<id>.yaml} (docs/golden-suite.md): the store,
 * what the providers know, the stimuli in order, the faults the providers inject, and what must come out.
 */
record GoldenCase(
        String id,
        String workflow,
        @JsonProperty("seed_tests") List<String> seedTests,
        String title,
        String store,
        Given given,
        List<Fault> faults,
        List<Stimulus> stimuli,
        Expect expect) {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    GoldenCase {
        seedTests = List.copyOf(seedTests);
        faults = faults == null ? List.of() : List.copyOf(faults);
        stimuli = List.copyOf(stimuli);
        given = given == null ? new Given(null, null, null, null, null, null, null) : given;
    }

    /** The same case played in {@code otherStore} (a golden run of a candidate store's config). */
    GoldenCase inStore(String otherStore) {
        return new GoldenCase(id, workflow, seedTests, title, otherStore, given, faults, stimuli, expect);
    }

    static GoldenCase read(String id, InputStream yaml) {
        try {
            GoldenCase parsed = YAML.readValue(yaml, GoldenCase.class);
            if (!id.equals(parsed.id())) {
                throw new IllegalArgumentException("case file " + id + ".yaml declares id '" + parsed.id() + "'");
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable golden case " + id, e);
        }
    }

    /**
     * What the providers know before the first stimulus. The order's number is the case run's own (so no run is a
     * duplicate of another for the kernel's idempotency); everything else is as written.
     *
     * @param order Shopify's order: financial status (AUTHORIZED, PAID, PENDING) and total ("25.00")
     * @param payment Stripe's payment intent: status (requires_capture, succeeded, requires_payment_method) and amount in
     *     cents
     * @param printful the Printful order's status (draft, pending, inprocess, fulfilled), or absent when there is none
     * @param shipped for WF05: whether Printful has shipped the order (tracking known)
     * @param llm for WF05: what the LLM reads from the customer's message (an order number of the case, or "unknown")
     * @param printfulReads for WF06: what Printful shows on each read of the order in turn, the last one from then on
     * @param stripeAfterCapture for WF07: what Stripe shows for the payment once AutoBiz has captured it (received and
     *     refunded, in cents); absent: exactly what was captured, nothing refunded
     */
    record Given(
            Order order,
            Payment payment,
            String printful,
            Boolean shipped,
            String llm,
            @JsonProperty("printful_reads") List<String> printfulReads,
            @JsonProperty("stripe_after_capture") StripeTruth stripeAfterCapture) {}

    /** What Stripe's payment shows: received and refunded amounts in cents. */
    record StripeTruth(Long received, Long refunded) {}

    record Order(@JsonProperty("financial_status") String financialStatus, String total) {}

    record Payment(String status, Long amount) {}

    /**
     * A provider misbehaving: {@code call} (see {@link ProviderCalls}) answers {@code with} — an HTTP status (500, 503,
     * 429), {@code timeout} (slower than the tool waits) or {@code reset} (connection dropped) — the first {@code times}
     * times (default 1), then normally.
     */
    record Fault(String call, String with, Integer times) {}

    /**
     * One stimulus, exactly one field set: {@code webhook} a signed provider delivery, {@code request} a request to the
     * store as the REST and demo endpoints make it, {@code decide} an approval decision by a named approver, {@code
     * advance} the clock (ISO-8601 duration) so due timers fire.
     */
    record Stimulus(Webhook webhook, Map<String, Object> request, Decision decide, String advance) {}

    /**
     * A signed delivery: {@code provider} and {@code event} (shopify orders/paid, printful shipment_sent, stripe
     * payment_intent.payment_failed); {@code deliveries} how often the provider sends it (a retry is a duplicate), and
     * {@code lost} when it never arrives.
     */
    record Webhook(String provider, String event, Integer deliveries, Boolean lost) {}

    record Decision(String approver, Boolean approve, String comment, String task) {}

    /**
     * What must hold once the stimuli are through.
     *
     * @param instances every process instance the case started: its process key and its end event, or the activity it
     *     is still waiting at
     * @param effects successful provider effects by kind (see {@link ProviderCalls#EFFECTS}); a kind not named must not
     *     have happened at all
     * @param approvals the statuses of the approval requests the case opened
     * @param receipts how many receipts the case added at least, and that the chain verifies
     * @param invariants named invariants (see {@link GoldenRunner})
     */
    record Expect(
            List<Instance> instances,
            Map<String, Integer> effects,
            List<String> approvals,
            Receipts receipts,
            List<String> invariants) {

        Expect {
            effects = effects == null ? Map.of() : Map.copyOf(effects);
            approvals = approvals == null ? List.of() : List.copyOf(approvals);
            invariants = invariants == null ? List.of() : List.copyOf(invariants);
        }
    }

    record Instance(
            String process,
            String end,
            @JsonProperty("waiting_at") String waitingAt) {}

    record Receipts(
            @JsonProperty("at_least") Integer atLeast,
            @JsonProperty("chain_intact") Boolean chainIntact) {}
}

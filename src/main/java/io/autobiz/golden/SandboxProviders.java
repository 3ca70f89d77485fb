package io.autobiz.golden;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers of a golden run's child JVM: the application's own in-process sandboxes (io.autobiz.sandbox), with
 * {@link SandboxJournal} counting their effects and answering the cases' faults. Each case run's Shopify order
 * ({@code #n}) and Stripe payment ({@code pi_golden<n>}) are placed in the sandboxes under the runner's own IDs.
 *
 * <p>What the sandboxes cannot be told yet, the cases that need it are not played ({@link #cannotPlay}, listed in
 * docs/golden-suite.md): a Printful order of a given ID and status, or a sequence of Printful reads (the Printful
 * sandbox numbers its orders itself and moves them on by its own timers), a shipment webhook for such an order, a
 * Stripe payment that shows another amount once captured, and WF07's closeout store.
 */
final class SandboxProviders implements GoldenProviders {

    private final SandboxJournal journal;
    private final ShopifySandbox shopify;
    private final StripeSandbox stripe;

    SandboxProviders(SandboxJournal journal, ShopifySandbox shopify, StripeSandbox stripe) {
        this.journal = journal;
        this.shopify = shopify;
        this.stripe = stripe;
    }

    @Override
    public Optional<String> cannotPlay(GoldenCase golden, List<GoldenCase.Fault> extraFaults) {
        GoldenCase.Given given = golden.given();
        List<String> missing = new ArrayList<>();
        if (given.printful() != null || given.shipped() != null || !nullOrEmpty(given.printfulReads())) {
            missing.add("a Printful order of the case's own ID and status");
        }
        if (given.stripeAfterCapture() != null) {
            missing.add("a Stripe payment that shows another amount once captured");
        }
        if (GoldenRunner.CLOSEOUT_STORE.equals(golden.store())) {
            missing.add("WF07's closeout store");
        }
        for (GoldenCase.Stimulus stimulus : golden.stimuli()) {
            if (stimulus.webhook() != null
                    && "printful".equals(stimulus.webhook().provider())
                    && !Boolean.TRUE.equals(stimulus.webhook().lost())) {
                missing.add("a Printful shipment webhook for an order of the case's own ID");
            }
            if (stimulus.request() != null
                    && "cancel".equals(stimulus.request().get("kind"))
                    && !Boolean.FALSE.equals(stimulus.request().get("at_printful"))) {
                missing.add("a Printful order of the case's own ID to cancel");
            }
        }
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of("the sandboxes cannot be given "
                        + String.join(", ", missing.stream().distinct().toList()));
    }

    private static boolean nullOrEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    @Override
    public void reset() {
        journal.reset();
    }

    @Override
    public void prepare(TenantId store, long n, GoldenCase.Given given) {
        GoldenCase.Order order = given.order() == null ? new GoldenCase.Order("AUTHORIZED", "25.00") : given.order();
        GoldenCase.Payment payment =
                given.payment() == null ? new GoldenCase.Payment("requires_capture", 2500L) : given.payment();
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", "Ada Lovelace");
        address.put("address1", "12 Analytical Row");
        address.put("address2", null);
        address.put("city", "Portland");
        address.put("provinceCode", "OR");
        address.put("zip", "97201");
        address.put("countryCodeV2", "US");
        shopify.placeOrderAs(
                store,
                GoldenRunner.orderGid(n),
                "#" + n,
                order.financialStatus(),
                GoldenRunner.CUSTOMER_EMAIL,
                "USD",
                new BigDecimal(order.total() == null ? "25.00" : order.total()),
                List.of(new ShopifySandbox.Line("TSHIRT-BLK-M", "T-shirt", 1)),
                address);
        stripe.authorizeAs(
                store,
                GoldenRunner.paymentIntent(n),
                payment.amount() == null ? 2500L : payment.amount(),
                "usd",
                payment.status(),
                Map.of("order_id", GoldenRunner.orderGid(n)));
    }

    @Override
    public void inject(GoldenCase.Fault fault, int index) {
        journal.inject(fault);
    }

    @Override
    public void settled(TenantId store, String paymentIntent, long received, long refunded) {
        throw new UnsupportedOperationException("the Stripe sandbox shows what happened to a payment, nothing else");
    }

    @Override
    public int count(String effect) {
        GoldenCalls.Call call = GoldenCalls.effect(effect);
        return (int) journal.entries().stream()
                .filter(entry -> entry.status() / 100 == 2)
                .filter(entry -> call.matches(entry.method(), entry.path(), entry.body()))
                .count();
    }

    @Override
    public String journal() {
        return String.join(
                ", ",
                journal.entries().stream()
                        .map(entry -> entry.method() + " " + entry.path() + " " + entry.status())
                        .toList());
    }
}

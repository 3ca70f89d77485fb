package io.autobiz.golden;

import io.autobiz.kernel.tenant.ShopifyIds;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.printful.PrintfulSandbox;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import io.autobiz.sandbox.stripe.StripeSandbox;
import java.math.BigDecimal;
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
    private final PrintfulSandbox printful;

    SandboxProviders(SandboxJournal journal, ShopifySandbox shopify, StripeSandbox stripe, PrintfulSandbox printful) {
        this.journal = journal;
        this.shopify = shopify;
        this.stripe = stripe;
        this.printful = printful;
    }

    @Override
    public Optional<String> cannotPlay(GoldenCase golden, List<GoldenCase.Fault> extraFaults) {
        return Optional.empty();
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
        if (given.stripeAfterCapture() != null) {
            long amount = payment.amount() == null ? 2500L : payment.amount();
            GoldenCase.StripeTruth truth = given.stripeAfterCapture();
            stripe.showAs(
                    store,
                    GoldenRunner.paymentIntent(n),
                    truth.received() == null ? amount : truth.received(),
                    truth.refunded() == null ? 0 : truth.refunded(),
                    true);
        }
        // As Printful shows it: at Printful already when the case gives its status, else placed by WF01 under this
        // ID; with its shipment unless the case says it has not shipped.
        printful.placeOrderAs(
                store,
                GoldenRunner.printfulId(n),
                ShopifyIds.printfulExternalId(String.valueOf(n)),
                given.printful(),
                given.printfulReads(),
                !Boolean.FALSE.equals(given.shipped()));
    }

    @Override
    public void inject(GoldenCase.Fault fault, int index) {
        journal.inject(fault);
    }

    @Override
    public void settled(TenantId store, String paymentIntent, long received, long refunded) {
        stripe.showAs(store, paymentIntent, received, refunded, false);
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

package io.autobiz.tools.stripe;

import io.autobiz.tools.ToolTestKit;

/** The Stripe tools wired as the application wires them, for tests outside this package. */
public final class StripeToolsFactory {

    private final StripeClients clients;

    public StripeToolsFactory(ToolTestKit kit) {
        this.clients = new StripeClients(kit.providers, kit.guard);
    }

    public StripeAuthorizeTool authorize() {
        return new StripeAuthorizeTool(clients);
    }

    public StripeCaptureTool capture() {
        return new StripeCaptureTool(clients);
    }

    public StripeRefundTool refund() {
        return new StripeRefundTool(clients);
    }

    public StripePaymentGetTool get() {
        return new StripePaymentGetTool(clients);
    }
}

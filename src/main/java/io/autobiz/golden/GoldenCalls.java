package io.autobiz.golden;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The provider calls a case can name (docs/golden-suite.md): for faults (which call misbehaves) and for effects (which
 * successful calls are counted). An effect is a call the provider answered with 2xx: a failed attempt changed nothing
 * there, so a retry that finally succeeds is one effect, and two successful captures are two, which fails a case that
 * expects one. Paths are the providers' own, below the base URL the application is configured with (WireMock serves
 * them at its root, the sandboxes below {@code /sandbox}).
 */
final class GoldenCalls {

    /** A call: its HTTP method, its path, and for Shopify's one GraphQL endpoint the operation name. */
    record Call(String method, Pattern path, String operation) {

        /** Whether a request (its path without the query, its body) is this call. */
        boolean matches(String requestMethod, String path, String body) {
            return requestMethod.equals(method)
                    && this.path.matcher(path).matches()
                    && (operation == null
                            || (body != null && body.contains("\"operationName\":\"" + operation + "\"")));
        }
    }

    private static final String GRAPHQL = "/shopify/admin/api/2025-10/graphql\\.json";

    /** Effects by the name a case counts them with. */
    static final Map<String, Call> EFFECTS;

    /** Every call a fault may name: the effects and the reads. */
    static final Map<String, Call> CALLS;

    static {
        Map<String, Call> effects = new LinkedHashMap<>();
        effects.put("charges", new Call("POST", Pattern.compile("/stripe/v1/payment_intents/[^/]+/capture"), null));
        effects.put("voids", new Call("POST", Pattern.compile("/stripe/v1/payment_intents/[^/]+/cancel"), null));
        effects.put("refunds", new Call("POST", Pattern.compile("/stripe/v1/refunds"), null));
        effects.put("printful_orders", new Call("POST", Pattern.compile("/printful/v2/orders"), null));
        effects.put(
                "printful_confirmations",
                new Call("POST", Pattern.compile("/printful/v2/orders/[^/]+/confirmation"), null));
        effects.put("printful_cancellations", new Call("DELETE", Pattern.compile("/printful/v2/orders/[^/]+"), null));
        effects.put("shopify_refunds", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizRefundCreate"));
        effects.put("shopify_cancellations", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizOrderCancel"));
        effects.put("shopify_updates", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizOrderUpdate"));
        effects.put("mails", new Call("POST", Pattern.compile("/sendgrid/v3/mail/send"), null));
        effects.put("slack_posts", new Call("POST", Pattern.compile("/slack/api/chat\\.postMessage"), null));

        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("stripe.capture", effects.get("charges"));
        calls.put("stripe.void", effects.get("voids"));
        calls.put("stripe.refund", effects.get("refunds"));
        calls.put("stripe.payment.get", new Call("GET", Pattern.compile("/stripe/v1/payment_intents/[^/]+"), null));
        calls.put("printful.order.create", effects.get("printful_orders"));
        calls.put("printful.order.confirm", effects.get("printful_confirmations"));
        calls.put("printful.order.cancel", effects.get("printful_cancellations"));
        calls.put("printful.order.get", new Call("GET", Pattern.compile("/printful/v2/orders/[^/]+"), null));
        calls.put("shopify.order.get", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizOrderGet"));
        calls.put("shopify.refund", effects.get("shopify_refunds"));
        calls.put("shopify.cancel", effects.get("shopify_cancellations"));
        calls.put("shopify.update", effects.get("shopify_updates"));
        calls.put("sendgrid.mail", effects.get("mails"));
        calls.put("slack.post", effects.get("slack_posts"));
        calls.put("llm", new Call("POST", Pattern.compile("/llm/primary/v1/chat/completions"), null));
        calls.put("llm.fallback", new Call("POST", Pattern.compile("/llm/fallback/v1/chat/completions"), null));
        EFFECTS = Collections.unmodifiableMap(effects);
        CALLS = Collections.unmodifiableMap(calls);
    }

    private GoldenCalls() {}

    static Call call(String name) {
        Call call = CALLS.get(name);
        if (call == null) {
            throw new IllegalArgumentException("unknown provider call '" + name + "', known: " + CALLS.keySet());
        }
        return call;
    }

    static Call effect(String name) {
        Call call = EFFECTS.get(name);
        if (call == null) {
            throw new IllegalArgumentException("unknown effect '" + name + "', known: " + EFFECTS.keySet());
        }
        return call;
    }
}

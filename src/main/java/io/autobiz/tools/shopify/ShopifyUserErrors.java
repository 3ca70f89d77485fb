package io.autobiz.tools.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import java.util.Map;

/** A mutation's {@code userErrors}: Shopify ran it and refused; repeating it will not help. */
final class ShopifyUserErrors {

    private ShopifyUserErrors() {}

    static void refuseIfAny(String operation, JsonNode payload) {
        JsonNode errors = payload.path("userErrors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            String code = first.path("code").asText("");
            throw KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    "shopify refused " + operation + ": "
                            + first.path("message").asText("") + (code.isEmpty() ? "" : " (" + code + ")"),
                    Map.of(
                            "provider",
                            "shopify",
                            "code",
                            code,
                            "field",
                            first.path("field").toString()));
        }
    }
}

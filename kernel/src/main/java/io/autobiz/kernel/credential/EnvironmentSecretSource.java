package io.autobiz.kernel.credential;

import io.autobiz.kernel.tenant.TenantId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secrets from environment variables, one per store and secret: {@code AUTOBIZ_SECRET__<TENANT>__<DEPENDENCY>__<KEY>},
 * upper case, with the store's dashes as underscores, e.g. {@code AUTOBIZ_SECRET__DEMO_STORE__STRIPE__API_KEY} for
 * {@code stripe.api_key} of {@code demo-store}. For platforms that inject secrets as environment variables (Kubernetes
 * secrets, a CI's masked variables); values are never written anywhere by AutoBiz, and rotation happens where they are
 * set.
 *
 * <p>The double underscores keep the mapping one-to-one: dependency names have no underscore and keys no double one.
 * A store ID with a double dash ({@code a--b}) would blur the first separator, so such a store gets nothing here.
 */
public final class EnvironmentSecretSource implements SecretSource {

    public static final String PREFIX = "AUTOBIZ_SECRET__";

    private final Function<String, String> environment;

    /** @param environment looks a variable up by name; {@code System::getenv} in the application */
    public EnvironmentSecretSource(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment);
    }

    /** The variable that holds {@code name} of {@code tenant}, or empty when the store ID cannot be mapped safely. */
    public static Optional<String> variableFor(TenantId tenant, String name) {
        SecretName.require(name);
        if (tenant.value().contains("--")) {
            return Optional.empty();
        }
        String store = tenant.value().toUpperCase(Locale.ROOT).replace('-', '_');
        String secret = name.toUpperCase(Locale.ROOT).replace(".", "__");
        return Optional.of(PREFIX + store + "__" + secret);
    }

    @Override
    public Optional<String> find(TenantId tenant, String name) {
        return variableFor(tenant, name).map(environment).filter(value -> !value.isBlank());
    }
}

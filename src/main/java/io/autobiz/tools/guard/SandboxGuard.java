package io.autobiz.tools.guard;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tools.ProviderProperties;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The sandbox guards of P1-TASK-19. At start-up (the constructor) it refuses a store marked live outside the
 * {@code production} profile, a live key in the configured secrets of a store that is not live, and any provider base
 * URL that is neither loopback nor a provider's sandbox host. Before each call, tools ask it whether a key, a mail
 * recipient or a real fulfilment is allowed; a refusal is a non-retryable {@code PROVIDER_REJECTED} naming the guard.
 */
@Component
public class SandboxGuard {

    /** Keys that act on real money or a real person: Stripe live keys and Slack user tokens. */
    static final Map<String, Pattern> LIVE_KEYS = Map.of(
            "stripe", Pattern.compile("\\b(sk|rk|pk)_live_[A-Za-z0-9]+"),
            "slack", Pattern.compile("\\bxoxp-[0-9A-Za-z-]+"));

    private static final Pattern ANY_LIVE_KEY = Pattern.compile("\\b((sk|rk|pk)_live_[A-Za-z0-9]+|xoxp-[0-9A-Za-z-]+)");

    private final SafetyProperties safety;
    private final boolean production;
    private final boolean printfulIsLoopback;

    @Autowired
    public SandboxGuard(
            SafetyProperties safety, ProviderProperties providers, TenantProperties stores, Environment environment) {
        this(safety, providers, stores, environment.acceptsProfiles(Profiles.of("production")));
    }

    /** For tools and checks built without Spring: {@code production} says whether the production profile is active. */
    public SandboxGuard(
            SafetyProperties safety, ProviderProperties providers, TenantProperties stores, boolean production) {
        this.safety = safety;
        this.production = production;
        checkLiveTenants();
        checkSecrets(stores);
        checkHost("stripe", providers.stripe().toString());
        checkHost("shopify", providers.shopify().replace("{shop}", "dev-store.myshopify.com"));
        checkHost("printful", providers.printful().toString());
        checkHost("sendgrid", (providers.sendgridPlainHttp() ? "http://" : "https://") + providers.sendgridHost());
        this.printfulIsLoopback = isLoopback(providers.printful().getHost());
    }

    /** Whether the store may act for real: only under the production profile, and only if marked live. */
    public boolean isLive(TenantId tenant) {
        return production && safety.liveTenants().contains(tenant.value());
    }

    /** Refuses a base URL (e.g. Slack's or an LLM's, configured beside the providers) that is not safe. */
    public void checkBaseUrl(String provider, String baseUrl) {
        checkHost(provider, baseUrl);
    }

    /** Call time: a live key rotated into the credential store of a store that is not live is refused. */
    public void requireTestKey(TenantId tenant, String provider, String key) {
        if (!isLive(tenant) && key != null && ANY_LIVE_KEY.matcher(key).find()) {
            throw refused(
                    "live-key",
                    provider + " credential of " + tenant + " is a live key, and the store is not marked live",
                    tenant);
        }
    }

    /** SendGrid's sandbox_mode: forced on for every store that is not live. */
    public boolean mailSandboxMode(TenantId tenant, boolean configured) {
        return !isLive(tenant) || configured;
    }

    /** Mail of a store that is not live goes only to the allowlisted domains (and their subdomains). */
    public void requireRecipientAllowed(TenantId tenant, String address) {
        if (isLive(tenant)) {
            return;
        }
        String domain = domainOf(address).orElse("");
        boolean allowed = safety.mailRecipientDomains().stream()
                .map(d -> d.toLowerCase(Locale.ROOT))
                .anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
        if (!allowed) {
            throw refused(
                    "mail-recipient",
                    "recipient domain '" + domain + "' is not in autobiz.safety.mail-recipient-domains "
                            + safety.mailRecipientDomains(),
                    tenant);
        }
    }

    /** A Printful draft becomes a real, charged order only for a live store that allows real fulfilment. */
    public void requireFulfilmentAllowed(TenantId tenant) {
        if (printfulIsLoopback) {
            return;
        }
        if (!isLive(tenant) || !safety.realFulfilmentTenants().contains(tenant.value())) {
            throw refused(
                    "real-fulfilment",
                    "Printful orders of " + tenant + " stay drafts: the store is not live with real fulfilment allowed",
                    tenant);
        }
    }

    private void checkLiveTenants() {
        if (!production && !safety.liveTenants().isEmpty()) {
            throw new SandboxGuardViolation(
                    "live-tenant",
                    "stores " + safety.liveTenants() + " are marked live, but this node does not run the production"
                            + " profile; remove autobiz.safety.live-tenants");
        }
        for (String tenant : safety.realFulfilmentTenants()) {
            if (!safety.liveTenants().contains(tenant)) {
                throw new SandboxGuardViolation(
                        "live-tenant", "store " + tenant + " allows real fulfilment but is not marked live");
            }
        }
    }

    private void checkSecrets(TenantProperties stores) {
        stores.tenants().forEach((tenant, settings) -> {
            boolean live = production && safety.liveTenants().contains(tenant);
            if (live) {
                return;
            }
            settings.secrets().forEach((name, value) -> {
                if (value != null && ANY_LIVE_KEY.matcher(value).find()) {
                    // The value is never echoed: only where it is.
                    throw new SandboxGuardViolation(
                            "live-key",
                            "autobiz.tenants." + tenant + ".secrets." + name + " holds a live key, and store " + tenant
                                    + " is not marked live"
                                    + (production ? "" : " (live keys need the production" + " profile)")
                                    + "; use a test-mode key");
                }
            });
        });
    }

    private void checkHost(String provider, String baseUrl) {
        String host;
        try {
            host = URI.create(baseUrl).getHost();
        } catch (IllegalArgumentException e) {
            throw new SandboxGuardViolation("provider-host", provider + " base URL '" + baseUrl + "' is not a URL");
        }
        if (host == null) {
            throw new SandboxGuardViolation("provider-host", provider + " base URL '" + baseUrl + "' names no host");
        }
        if (isLoopback(host) || matchesSandboxHost(host)) {
            return;
        }
        throw new SandboxGuardViolation(
                "provider-host",
                provider + " base URL '" + baseUrl + "' is neither loopback nor one of autobiz.safety.sandbox-hosts "
                        + safety.sandboxHosts());
    }

    private boolean matchesSandboxHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : safety.sandboxHosts()) {
            String a = allowed.toLowerCase(Locale.ROOT);
            if (a.startsWith("*.") ? h.endsWith(a.substring(1)) && h.length() > a.length() - 1 : h.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** Loopback by its literal name, without a DNS lookup that could itself leave the machine. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    static Optional<String> domainOf(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 ? Optional.empty() : Optional.of(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    private static KernelError refused(String guard, String message, TenantId tenant) {
        return KernelError.of(
                ErrorCode.PROVIDER_REJECTED,
                "sandbox guard '" + guard + "': " + message,
                Map.of("guard", guard, "tenant", tenant.value()));
    }

    /** Every live-key pattern, for the hygiene scan of the repository. */
    public static List<Pattern> liveKeyPatterns() {
        return List.of(ANY_LIVE_KEY);
    }
}

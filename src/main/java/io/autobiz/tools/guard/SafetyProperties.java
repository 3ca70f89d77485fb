package io.autobiz.tools.guard;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The guard's settings ({@code autobiz.safety.*}).
 *
 * @param liveTenants stores allowed to use live keys and real endpoints; honoured only under the {@code production}
 *     profile, and refused at start-up anywhere else
 * @param realFulfilmentTenants stores whose Printful drafts may be confirmed at the real Printful
 * @param sandboxHosts provider hosts besides loopback that a base URL may name: the providers' own API hosts, which
 *     serve test mode with test keys (Stripe), drafts (Printful) and sandbox_mode (SendGrid)
 * @param mailRecipientDomains the only recipient domains mail may go to for a store that is not live
 */
@ConfigurationProperties("autobiz.safety")
public record SafetyProperties(
        @DefaultValue List<String> liveTenants,
        @DefaultValue List<String> realFulfilmentTenants,

        @DefaultValue({"api.stripe.com", "*.myshopify.com", "api.printful.com", "api.sendgrid.com", "slack.com"})
        List<String> sandboxHosts,

        @DefaultValue({"example.com", "example.org", "example.net", "test"})
        List<String> mailRecipientDomains) {

    public SafetyProperties {
        liveTenants = List.copyOf(liveTenants);
        realFulfilmentTenants = List.copyOf(realFulfilmentTenants);
        sandboxHosts = List.copyOf(sandboxHosts);
        mailRecipientDomains = List.copyOf(mailRecipientDomains);
    }
}

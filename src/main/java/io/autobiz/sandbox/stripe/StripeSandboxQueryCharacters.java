package io.autobiz.sandbox.stripe;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Stripe's client writes list parameters with literal brackets in the query string ({@code expand[0]=latest_charge},
 * as {@code stripe.payment.get} sends it); Stripe accepts them, Tomcat refuses them with a 400 unless they are allowed
 * in queries. Only with the sandbox on, where the application serves Stripe's stand-in itself.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class StripeSandboxQueryCharacters implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setProperty("relaxedQueryChars", "[]"));
    }
}

package io.autobiz.demo;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether the demo endpoints and logins exist
 * @param tenant the demo store
 * @param approver the demo approver's user ID and password (quick start only)
 * @param products what the demo store sells: SKU to title and unit price in minor units
 */
@ConfigurationProperties("autobiz.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("demo-store") String tenant,
        @DefaultValue("approver") String approver,
        String approverPassword,
        Map<String, Product> products) {

    public DemoProperties {
        products = products == null ? Map.of() : Map.copyOf(products);
    }

    public record Product(String title, long unitPrice) {}
}

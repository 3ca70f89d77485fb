package io.autobiz.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.testing.stage.Unit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every provider tool, as the tools package alone builds them: the names others depend on, complete contracts. */
@Unit
class ToolCatalogTest {

    private static List<ToolContract> contracts;

    @Configuration(proxyBeanMethods = false)
    @ComponentScan("io.autobiz.tools")
    @ConfigurationPropertiesScan("io.autobiz.tools")
    @EnableConfigurationProperties(TenantProperties.class)
    @Import(TenantDirectory.class)
    static class ToolsOnly {}

    @BeforeAll
    static void build() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(ToolsOnly.class)) {
            List<Tool> tools = List.copyOf(context.getBeansOfType(Tool.class).values());
            // registration refuses open schemas and incomplete contracts
            contracts = new ToolRegistry(tools, new SchemaValidator()).contracts();
        }
    }

    @Test
    @DisplayName("P1-TASK-19 the catalog holds exactly the tool names the workflows are written against, all version 1")
    void names() {
        Set<String> ids = contracts.stream().map(c -> c.id().toString()).collect(Collectors.toSet());
        assertThat(ids)
                .containsExactlyInAnyOrder(
                        "stripe.payment.authorize@1",
                        "stripe.payment.capture@1",
                        "stripe.payment.void@1",
                        "stripe.refund.create@1",
                        "stripe.tax.calculate@1",
                        "stripe.payment.get@1",
                        "shopify.order.get@1",
                        "shopify.order.update@1",
                        "shopify.order.cancel@1",
                        "shopify.refund.create@1",
                        "printful.order.create@1",
                        "printful.order.confirm@1",
                        "printful.order.get@1",
                        "printful.shipments.get@1",
                        "printful.order.cancel@1",
                        "sendgrid.mail.send@1",
                        "slack.message.post@1",
                        "llm.complete@1");
    }

    @Test
    @DisplayName(
            "P1-TASK-19 every contract names its provider, scope and timeout; writes name their intent; money its field")
    void contractsComplete() {
        assertThat(contracts).allSatisfy(contract -> {
            assertThat(contract.dependency())
                    .isIn("stripe", "shopify", "printful", "sendgrid", "slack", "llm")
                    .isEqualTo(contract.id()
                            .toString()
                            .substring(0, contract.id().toString().indexOf('.')));
            assertThat(contract.scope()).contains(":");
            assertThat(contract.description()).isNotBlank();
            if (contract.sideEffect() != SideEffect.READ) {
                assertThat(contract.intentFields()).isNotEmpty();
                contract.intentFields()
                        .forEach(field -> assertThat(contract.inputSchema()
                                        .path("properties")
                                        .has(field))
                                .as("%s intent field %s", contract.id(), field)
                                .isTrue());
            }
            if (contract.sideEffect() == SideEffect.FINANCIAL) {
                assertThat(contract.inputSchema().path("required").toString()).contains(contract.moneyField());
            }
        });
        assertThat(contracts)
                .filteredOn(c -> c.sideEffect() == SideEffect.FINANCIAL)
                .extracting(c -> c.id().toString())
                .containsExactly("stripe.refund.create@1");
    }
}

package io.autobiz.perf.noop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The P3 baseline (issue 19), loaded into the application's JVM only by the load harness: {@code AppNode} starts the
 * packaged jar with {@code -Dloader.path=perf/target/classes} and {@code --autobiz.perf.noop-baseline=true}. Neither
 * this class nor the copy it deploys is in the product's jar or its {@code processes/} deployment.
 *
 * <p>At start-up it reads {@code processes/order-fulfill.bpmn} from the application's classpath (the bytes the product
 * deploys), and deploys it under the key {@value #KEY} with only these changes: every {@code ${toolTask}} service task
 * calls {@link #NOOP_TASK}, which sets the same {@code result} local variable the kernel's tool task sets (a fixed
 * map with every field the output mappings read) and calls nothing; the check ({@code ${fulfilmentCheck}}) calls
 * {@link #NOOP_CHECK}, which lets the order through; its messages are renamed ({@code perf-noop-...}) so the product's
 * webhooks never start or continue it. Job definitions, async boundaries, retries, history and listeners stay as they
 * are: what remains is the engine's own cost for the same diagram on the same database.
 *
 * <p>It is deployed for the store {@code acme} (a per-store definition), which keeps it out of the deploy gate's scope:
 * {@code DeployedArtifacts} hashes only the shared definitions (the product's diagrams), so gate evidence and the
 * deploy check never see it; it is not deployed through {@code /admin/workflows/deployments} or the engine's REST
 * deployment either.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "autobiz.perf.noop-baseline", havingValue = "true")
public class NoopBaselineConfiguration {

    public static final String KEY = "perf-order-fulfill-noop";
    public static final String NOOP_TASK = "perfNoopTask";
    public static final String NOOP_CHECK = "perfNoopCheck";
    public static final String STORE = "acme";

    private static final Logger log = LoggerFactory.getLogger(NoopBaselineConfiguration.class);

    /** Every field WF01's output mappings read from a tool's result, with values of the types the tools return. */
    private static Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("email", "ada@example.com");
        result.put("name", "#1");
        result.put("totalAmount", "25.00");
        result.put("currency", "USD");
        result.put("lineItems", List.of(Map.of("sku", "TSHIRT-BLK-M", "title", "T-shirt", "quantity", 1)));
        result.put(
                "shippingAddress",
                Map.of("name", "Ada Lovelace", "address1", "12 Analytical Row", "city", "Portland", "zip", "97201"));
        result.put("financialStatus", "PAID");
        result.put("cancelled", false);
        result.put("orderId", "gid://shopify/Order/1");
        result.put("amount", 2500);
        result.put("status", "succeeded");
        result.put("printfulOrderId", 800_000_001L);
        result.put("amountReceived", 2500);
        return result;
    }

    @Bean(NOOP_TASK)
    JavaDelegate perfNoopTask() {
        return new NoopToolTask();
    }

    /**
     * Takes the fields the diagram injects into the tool task ({@code tool}, {@code failures}), as the kernel's
     * delegate does, and ignores them.
     */
    public static final class NoopToolTask implements JavaDelegate {

        public void setTool(Expression tool) {
            // The tool is not called.
        }

        public void setFailures(Expression failures) {
            // Nothing fails.
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariableLocal(
                    "result", Variables.objectValue(result(), true).create());
        }
    }

    @Bean(NOOP_CHECK)
    JavaDelegate perfNoopCheck() {
        return execution -> {
            execution.setVariable("fulfilmentCheck", "FULFIL");
            execution.setVariable("fulfilmentCheckReason", "perf baseline");
        };
    }

    @EventListener(ApplicationReadyEvent.class)
    public void deploy(ApplicationReadyEvent ready) {
        RepositoryService repository = ready.getApplicationContext().getBean(RepositoryService.class);
        String xml = noopCopy(productDiagram());
        repository
                .createDeployment()
                .name(KEY)
                .tenantId(STORE)
                .enableDuplicateFiltering(true)
                .addString(KEY + ".bpmn", xml)
                .deploy();
        log.warn("perf baseline: deployed {} for store {} (no-op delegates; the load harness only)", KEY, STORE);
    }

    static String productDiagram() {
        try (InputStream in = Objects.requireNonNull(
                NoopBaselineConfiguration.class.getClassLoader().getResourceAsStream("processes/order-fulfill.bpmn"),
                "processes/order-fulfill.bpmn is not on the classpath")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String noopCopy(String product) {
        String copy =
                replaceRequired(product, "<bpmn:process id=\"order-fulfill\"", "<bpmn:process id=\"" + KEY + "\"");
        copy = replaceRequired(
                copy,
                "camunda:delegateExpression=\"${toolTask}\"",
                "camunda:delegateExpression=\"${" + NOOP_TASK + "}\"");
        copy = replaceRequired(
                copy,
                "camunda:delegateExpression=\"${fulfilmentCheck}\"",
                "camunda:delegateExpression=\"${" + NOOP_CHECK + "}\"");
        for (String message : List.of("OrderPaid", "ShipmentSent", "OrderCancelled")) {
            copy = replaceRequired(copy, "name=\"" + message + "\" />", "name=\"perf-noop-" + message + "\" />");
        }
        // The diagram's plane names the process; its shapes name elements whose IDs are unchanged.
        return replaceRequired(copy, "bpmnElement=\"order-fulfill\"", "bpmnElement=\"" + KEY + "\"");
    }

    private static String replaceRequired(String text, String what, String with) {
        if (!text.contains(what)) {
            throw new IllegalStateException("processes/order-fulfill.bpmn no longer contains " + what
                    + ": update the perf baseline's copy (perf/.../NoopBaselineConfiguration)");
        }
        return text.replace(what, with);
    }
}

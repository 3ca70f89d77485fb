package io.autobiz.gate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The latest gate evidence as metrics, per gate: {@code golden_suite_pass_rate{gate}} and
 * {@code golden_suite_lcb{gate}}. Read at start-up from {@code autobiz.gate.evidence-file} (default
 * {@code target/golden/gate-evidence.json}); without evidence no gauge is shown rather than a made-up value.
 */
@Component
public class GateMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(GateMetrics.class);

    private final MeterRegistry meters;
    private final Map<String, GateResult> latest = new ConcurrentHashMap<>();

    public GateMetrics(
            MeterRegistry meters,
            @Value("${autobiz.gate.evidence-file:target/golden/gate-evidence.json}") Path evidenceFile) {
        this.meters = meters;
        if (Files.isRegularFile(evidenceFile)) {
            try {
                show(GateEvidenceFiles.read(evidenceFile));
            } catch (RuntimeException e) {
                LOG.warn("gate evidence {} is unreadable; no golden_suite metrics: {}", evidenceFile, e.getMessage());
            }
        }
    }

    /** Shows {@code evidence} from now on, replacing what was shown per gate. */
    public void show(GateEvidence evidence) {
        for (GateResult result : evidence.gates()) {
            boolean first = latest.put(result.gate(), result) == null;
            if (first) {
                Gauge.builder(
                                "golden_suite_pass_rate",
                                latest,
                                shown -> shown.get(result.gate()).rawPassRate())
                        .description("Raw pass rate of the latest gate evidence")
                        .tag("gate", result.gate())
                        .register(meters);
                Gauge.builder(
                                "golden_suite_lcb",
                                latest,
                                shown -> shown.get(result.gate()).wilsonLowerBound())
                        .description("Wilson score lower bound (95 %) of the latest gate evidence")
                        .tag("gate", result.gate())
                        .register(meters);
            }
        }
    }

    /** What is shown for {@code gate}, if any evidence was read. */
    public Optional<GateResult> shown(String gate) {
        return Optional.ofNullable(latest.get(gate));
    }
}

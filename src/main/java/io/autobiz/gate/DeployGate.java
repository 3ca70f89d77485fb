package io.autobiz.gate;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * INV-08 in the product: a new BusinessConfig or BPMN version is activated only when the newest intact gate evidence
 * for exactly that config and those diagrams passes every gate ({@link GateEvidenceStore}). The hashes compared are
 * the ones evidence records ({@link DeployedArtifacts}, {@link ArtifactHashes}). An administrator may deploy anyway:
 * the override is recorded ({@code deploy_gate_overrides}, append-only) with reason and identity and counted, so it is
 * an INV-08 violation on the operations dashboards, never a quiet pass.
 *
 * <p>Counts every decision as {@code deploy_gate_decision_total{kind, outcome}} ({@code outcome} accepted, refused or
 * overridden), which {@code invariant_violation_total{invariant="INV-08"}} reads.
 */
@Component
public class DeployGate {

    /** What is deployed. */
    public enum Kind {
        CONFIG,
        BPMN
    }

    /** The request header that carries an administrator's reason to deploy although the gate refuses. */
    public static final String OVERRIDE_HEADER = "X-Gate-Override-Reason";

    static final int MAX_REASON_LENGTH = 500;
    private static final Logger log = LoggerFactory.getLogger(DeployGate.class);

    /**
     * The gate's answer for one candidate.
     *
     * @param store the store whose config is deployed; null for diagrams
     * @param configSha256 the candidate config's SHA-256; null for diagrams
     * @param bpmnHash the hash of the diagrams new runs would start on
     * @param evidence the evidence the decision rests on, when there is any for exactly this candidate
     * @param failingGates the gates that evidence fails (judged again from its numbers)
     */
    public record Decision(
            Kind kind,
            String store,
            String configSha256,
            String bpmnHash,
            Optional<GateEvidenceStore.Stored> evidence,
            List<GateResult> failingGates) {

        public boolean allowed() {
            return evidence.isPresent() && failingGates.isEmpty();
        }

        /** Why the gate refuses, for people: the failing gates or which evidence is missing. */
        public String message() {
            if (evidence.isEmpty()) {
                return kind == Kind.CONFIG
                        ? "no evidence for config hash " + configSha256 + " / BPMN hash " + bpmnHash
                        : "no evidence for BPMN hash " + bpmnHash;
            }
            return "the golden-suite evidence " + evidence.get().sha256() + " fails "
                    + String.join(
                            ", ", failingGates.stream().map(GateResult::gate).toList());
        }

        /** The typed error the admin API answers with (409). */
        public Map<String, Object> refusal() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", evidence.isEmpty() ? "DEPLOY_GATE_NO_EVIDENCE" : "DEPLOY_GATE_FAILED");
            body.put("invariant", "INV-08");
            body.put(
                    "message",
                    message() + "; nothing was deployed, the running version stays active"
                            + " (docs/golden-suite.md: run the suite for this candidate and upload its evidence)");
            if (store != null) {
                body.put("store", store);
                body.put("config_sha256", configSha256);
            }
            body.put("bpmn_hash", bpmnHash);
            evidence.ifPresent(stored -> body.put("evidence_sha256", stored.sha256()));
            body.put(
                    "failing_gates",
                    failingGates.stream().map(DeployGate::describe).toList());
            return body;
        }
    }

    /** An override that was recorded. */
    public record Override(long id, Decision decision, String reason, String overriddenBy) {}

    /** A reason that cannot be recorded. */
    public static final class BadOverride extends RuntimeException {
        BadOverride(String message) {
            super(message);
        }
    }

    private final GateEvidenceStore evidence;
    private final DeployedArtifacts deployed;
    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final Clock clock;

    public DeployGate(
            GateEvidenceStore evidence,
            DeployedArtifacts deployed,
            MeterRegistry meters,
            DataSource dataSource,
            Clock clock) {
        this.evidence = evidence;
        this.deployed = deployed;
        this.meters = meters;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /** The gate's answer for {@code yaml} as {@code store}'s config, with the diagrams deployed now. */
    public Decision forConfig(String store, String yaml) {
        String configSha256 = ArtifactHashes.fileHash(yaml.getBytes(StandardCharsets.UTF_8));
        String bpmnHash = deployed.diagrams().combined();
        return decide(
                Kind.CONFIG,
                store,
                configSha256,
                bpmnHash,
                evidence.newestFor(bpmnHash, ArtifactHashes.configFile(store), configSha256));
    }

    /** The gate's answer for deploying {@code diagrams} (file name → BPMN XML) over the ones deployed now. */
    public Decision forDiagrams(Map<String, byte[]> diagrams) {
        String bpmnHash = deployed.diagramsWith(diagrams).combined();
        return decide(Kind.BPMN, null, null, bpmnHash, evidence.newestFor(bpmnHash, null, null));
    }

    private static Decision decide(
            Kind kind, String store, String configSha256, String bpmnHash, Optional<GateEvidenceStore.Stored> found) {
        return new Decision(
                kind,
                store,
                configSha256,
                bpmnHash,
                found,
                found.map(GateEvidenceStore.Stored::failingGates).orElse(List.of()));
    }

    /** A deploy the gate allowed went ahead. */
    public void accepted(Decision decision) {
        count(decision, "accepted");
    }

    /** A deploy the gate refused did not happen. */
    public void refused(Decision decision, String admin) {
        count(decision, "refused");
        log.warn("deploy gate (INV-08) refused a {} deploy by {}: {}", decision.kind(), admin, decision.message());
    }

    /**
     * Checks an override's reason before anything is deployed.
     *
     * @throws BadOverride when the reason is blank or too long
     */
    public static String checkedReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BadOverride("an override needs a reason in " + OVERRIDE_HEADER);
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new BadOverride("an override's reason is at most " + MAX_REASON_LENGTH + " characters");
        }
        return reason.strip();
    }

    /**
     * Records that {@code admin} deployed what the gate refused: the row, the INV-08 count, a warning in the log.
     *
     * @param deploymentId the engine's deployment of overridden diagrams; null for a config
     */
    public Override overridden(Decision decision, String reason, String admin, String deploymentId) {
        String blockedBy = decision.message();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into deploy_gate_overrides (kind, store, config_sha256, bpmn_hash, deployment_id,"
                        + " blocked_by, reason, overridden_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        decision.kind().name(),
                        decision.store(),
                        decision.configSha256(),
                        decision.bpmnHash(),
                        deploymentId,
                        blockedBy.length() > 2000 ? blockedBy.substring(0, 2000) : blockedBy,
                        checkedReason(reason),
                        admin,
                        Timestamp.from(clock.instant()))
                .update(key, "id");
        long id = key.getKeyAs(Number.class).longValue();
        count(decision, "overridden");
        log.warn(
                "deploy gate (INV-08) OVERRIDDEN by {} for a {} deploy (override {}): {}",
                admin,
                decision.kind(),
                id,
                decision.message());
        return new Override(id, decision, reason, admin);
    }

    private void count(Decision decision, String outcome) {
        meters.counter(
                        "deploy_gate_decision_total",
                        "kind",
                        decision.kind().name().toLowerCase(java.util.Locale.ROOT),
                        "outcome",
                        outcome)
                .increment();
    }

    private static Map<String, Object> describe(GateResult gate) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("gate", gate.gate());
        described.put("n", gate.n());
        described.put("k", gate.k());
        described.put("raw_pass_rate", gate.rawPassRate());
        described.put("wilson_lower_bound", gate.wilsonLowerBound());
        described.put("threshold", gate.threshold());
        return described;
    }
}

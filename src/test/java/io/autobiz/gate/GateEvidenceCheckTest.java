package io.autobiz.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the application accepts as gate evidence (INV-08): its verdicts must follow from its numbers and hashes. */
@Unit
class GateEvidenceCheckTest {

    private static final ArtifactHashes BPMN = ArtifactHashes.ofContents(
            Map.of("processes/refund.bpmn", "<definitions/>".getBytes(StandardCharsets.UTF_8)));

    @Test
    @DisplayName("INV-08 P1-T18 evidence as the suite writes it is accepted; a blocked one too, and stays blocked")
    void suiteEvidenceChecksOut() {
        GateEvidence passing = TestEvidence.of("acme", "tenant: acme\n", BPMN, 90);
        GateEvidence blocked = TestEvidence.of("acme", "tenant: acme\n", BPMN, 88);

        assertThat(GateEvidenceStore.problems(passing)).isEmpty();
        assertThat(GateEvidenceStore.problems(blocked)).isEmpty();
        assertThat(GateEvidenceStore.rejudged(blocked))
                .filteredOn(gate -> !gate.passed())
                .extracting(GateResult::gate)
                .containsExactly("golden_p1_workflows");
    }

    @Test
    @DisplayName("INV-08 P1-T18 evidence claiming a pass its n and k do not give (88 of 90 for the P1 gate) is refused")
    void claimedPassBelowTheBoundIsRefused() {
        GateEvidence honest = TestEvidence.of("acme", "tenant: acme\n", BPMN, 88);
        List<GateResult> gates = new ArrayList<>();
        for (GateResult gate : honest.gates()) {
            gates.add(new GateResult(
                    gate.gate(),
                    gate.rule(),
                    gate.n(),
                    gate.k(),
                    gate.rawPassRate(),
                    gate.wilsonLowerBound(),
                    gate.threshold(),
                    true,
                    gate.failures()));
        }
        GateEvidence forged = new GateEvidence(
                honest.commit(),
                honest.evaluatedAt(),
                honest.businessConfigHash(),
                honest.businessConfigFiles(),
                honest.bpmnHash(),
                honest.bpmnFiles(),
                gates,
                false,
                List.of());

        assertThat(GateEvidenceStore.problems(forged))
                .containsExactly("gate golden_p1_workflows: claims passed=true but n=90 k=88 gives passed=false");
    }

    @Test
    @DisplayName("INV-08 evidence whose set hash is not the hash of its files, or that lacks a gate, is refused")
    void hashesAndGatesMustBeComplete() {
        GateEvidence honest = TestEvidence.of("acme", "tenant: acme\n", BPMN, 90);
        GateEvidence otherConfig = new GateEvidence(
                honest.commit(),
                honest.evaluatedAt(),
                honest.businessConfigHash(),
                Map.of("acme.yml", "0".repeat(64)),
                honest.bpmnHash(),
                honest.bpmnFiles(),
                honest.gates().subList(1, honest.gates().size()),
                false,
                List.of());

        assertThat(GateEvidenceStore.problems(otherConfig))
                .contains("business_config_hash is not the hash of business_config_files", "gate hygiene: missing");
    }

    @Test
    @DisplayName("INV-08 a body that is not gate evidence is refused with a typed error, not stored")
    void notEvidence() {
        assertThatThrownBy(() -> GateEvidenceStore.parse("{\"hello\": 1}"))
                .isInstanceOf(GateEvidenceStore.InvalidEvidence.class)
                .hasMessageContaining("not gate evidence");
    }

    @Test
    @DisplayName(
            "INV-08 one hash definition: a config's file hash is the SHA-256 of its text, names lose their folders")
    void oneHashDefinition() {
        byte[] yaml = "tenant: acme\n".getBytes(StandardCharsets.UTF_8);
        ArtifactHashes fromEngine = ArtifactHashes.ofContents(Map.of("processes/acme.yml", yaml));
        ArtifactHashes fromFiles = ArtifactHashes.ofContents(Map.of("acme.yml", yaml));

        assertThat(fromEngine).isEqualTo(fromFiles);
        assertThat(fromFiles.files().get(ArtifactHashes.configFile("acme")))
                .isEqualTo(io.autobiz.kernel.crypto.Digests.sha256Hex("tenant: acme\n"));
        assertThat(ArtifactHashes.ofHashes(fromFiles.files())).isEqualTo(fromFiles.combined());
    }
}

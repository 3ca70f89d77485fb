package io.autobiz.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What a deploy decision rests on: which code, configuration and diagrams were tested, every gate's numbers, and
 * whether the deploy is blocked. Written as {@code gate-evidence.json}.
 *
 * @param commit the Git commit the suite ran on ("unknown" outside a repository)
 * @param businessConfigHash SHA-256 over the BusinessConfig files (see {@link ArtifactHashes})
 * @param bpmnHash SHA-256 over the BPMN diagrams
 * @param blockedBy the gates that did not pass; empty when the deploy may go ahead
 */
public record GateEvidence(
        String commit,
        @JsonProperty("evaluated_at") String evaluatedAt,
        @JsonProperty("business_config_hash") String businessConfigHash,
        @JsonProperty("business_config_files") Map<String, String> businessConfigFiles,
        @JsonProperty("bpmn_hash") String bpmnHash,
        @JsonProperty("bpmn_files") Map<String, String> bpmnFiles,
        List<GateResult> gates,
        @JsonProperty("deploy_blocked") boolean deployBlocked,
        @JsonProperty("blocked_by") List<String> blockedBy) {

    public GateEvidence {
        businessConfigFiles = Map.copyOf(businessConfigFiles);
        bpmnFiles = Map.copyOf(bpmnFiles);
        gates = List.copyOf(gates);
        blockedBy = List.copyOf(blockedBy);
    }
}

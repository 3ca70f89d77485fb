package io.autobiz.kernel.tool;

/** Test helper: the same contract under another version. */
final class ToolContractCopies {

    private ToolContractCopies() {}

    static ToolContract withVersion(ToolContract contract, int version) {
        return new ToolContract(
                new ToolId(contract.id().name(), version),
                contract.description(),
                contract.inputSchema(),
                contract.outputSchema(),
                contract.sideEffect(),
                contract.scope(),
                contract.timeout(),
                contract.intentFields(),
                contract.dependency(),
                contract.money().orElse(null),
                contract.outcomeWhenUnknown().orElse(null));
    }
}

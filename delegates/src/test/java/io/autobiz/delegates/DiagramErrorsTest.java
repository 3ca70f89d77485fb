package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.testing.stage.Unit;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class DiagramErrorsTest {

    private static final String REJECTED = "PROVIDER_REJECTED";

    @Test
    @DisplayName("P1-T24 a code the task's boundary catches is thrown as a BPMN error, so the run takes its path")
    void caughtOnTheTaskIsABpmnError() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("p")
                .startEvent("start")
                .serviceTask("lookup")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("found")
                .moveToActivity("lookup")
                .boundaryEvent("notFound")
                .error(REJECTED)
                .endEvent("gone")
                .done();

        RuntimeException thrown = DiagramErrors.raise(task(model, "lookup"), REJECTED, "HTTP 404", false);

        assertThat(thrown).isInstanceOf(BpmnError.class);
        assertThat(((BpmnError) thrown).getErrorCode()).isEqualTo(REJECTED);
    }

    @Test
    @DisplayName("P1-T24 a code caught on an enclosing sub-process or by an error event sub-process is a BPMN error")
    void caughtInAnEnclosingScopeIsABpmnError() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("p")
                .startEvent("start")
                .subProcess("lookups")
                .embeddedSubProcess()
                .startEvent("innerStart")
                .serviceTask("lookup")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("innerEnd")
                .subProcessDone()
                .endEvent("found")
                .moveToActivity("lookups")
                .boundaryEvent("notFound")
                .error(REJECTED)
                .endEvent("gone")
                .done();
        assertThat(DiagramErrors.raise(task(model, "lookup"), REJECTED, "HTTP 404", false))
                .isInstanceOf(BpmnError.class);

        BpmnModelInstance withEventSubProcess = Bpmn.createExecutableProcess("q")
                .startEvent("start")
                .serviceTask("lookup")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("found")
                .done();
        withEventSubProcess
                .<org.camunda.bpm.model.bpmn.instance.Process>getModelElementById("q")
                .builder()
                .eventSubProcess("onAnyError")
                .startEvent("anyError")
                .error()
                .endEvent("handled");
        assertThat(DiagramErrors.raise(task(withEventSubProcess, "lookup"), "LLM_OUTPUT_INVALID", "not JSON", false))
                .isInstanceOf(BpmnError.class);
    }

    @Test
    @DisplayName(
            "P1-T24 a code nothing catches is no BPMN error but a fault for an incident, carrying code and message;"
                    + " a boundary for another code does not count")
    void uncaughtIsAFault() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("p")
                .startEvent("start")
                .serviceTask("lookup")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("found")
                .moveToActivity("lookup")
                .boundaryEvent("notApproved")
                .error("APPROVAL_REQUIRED")
                .endEvent("refused")
                .done();

        RuntimeException thrown = DiagramErrors.raise(
                task(model, "lookup"),
                REJECTED,
                "PROVIDER_REJECTED: printful refused the request with HTTP 404",
                false);

        assertThat(thrown)
                .isInstanceOf(DiagramErrors.UncaughtErrorException.class)
                .isNotInstanceOf(BpmnError.class);
        DiagramErrors.UncaughtErrorException fault = (DiagramErrors.UncaughtErrorException) thrown;
        assertThat(fault.code()).isEqualTo(REJECTED);
        assertThat(fault.retryable()).isFalse();
        assertThat(fault.getMessage()).isEqualTo("PROVIDER_REJECTED: printful refused the request with HTTP 404");
        assertThat(DiagramErrors.raise(task(model, "lookup"), "LLM_OUTPUT_INVALID", "not JSON", false))
                .hasMessage("LLM_OUTPUT_INVALID: not JSON");
        assertThat(RefusalsFailFast.nonRetryableRefusal(thrown)).contains(REJECTED);
    }

    @Test
    @DisplayName("P1-T24 a provider refusing AutoBiz's credentials (HTTP 401/403) is an incident even where the diagram"
            + " catches PROVIDER_REJECTED; its 404 takes the path")
    void refusedCredentialsAreAFaultEvenWhereCaught() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("p")
                .startEvent("start")
                .serviceTask("lookup")
                .camundaDelegateExpression("${toolTask}")
                .endEvent("found")
                .moveToActivity("lookup")
                .boundaryEvent("notFound")
                .error(REJECTED)
                .endEvent("gone")
                .done();

        for (int status : new int[] {401, 403}) {
            KernelError refused = KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    "stripe refused retrieve (HTTP " + status + ")",
                    Map.of("provider", "stripe", "status", status));
            assertThat(DiagramErrors.raise(task(model, "lookup"), refused))
                    .as("HTTP " + status)
                    .isInstanceOf(DiagramErrors.UncaughtErrorException.class)
                    .hasMessageContaining("HTTP " + status);
        }
        KernelError notFound = KernelError.of(
                ErrorCode.PROVIDER_REJECTED,
                "stripe refused retrieve (HTTP 404, resource_missing)",
                Map.of("provider", "stripe", "status", 404));
        assertThat(DiagramErrors.raise(task(model, "lookup"), notFound)).isInstanceOf(BpmnError.class);
    }

    private static FlowElement task(BpmnModelInstance model, String id) {
        return model.getModelElementById(id);
    }
}

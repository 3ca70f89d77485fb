/**
 * The Camunda adapter. {@link io.autobiz.delegates.ToolTaskDelegate} maps a service task's input parameters to one
 * kernel tool call and the call's output back to the task's output mapping; nothing else. Tenancy reaches the engine
 * through {@link io.autobiz.delegates.TenantFromStartVariables}. {@link io.autobiz.delegates.FulfilmentCheckDelegate}
 * maps WF01's facts (what its tool tasks read, the engine's history of the order's runs) to the rules of {@link
 * io.autobiz.delegates.FulfilmentCheck} and the verdict back to a variable for the diagram's gateway.
 *
 * <p>Every {@code JavaDelegate}, {@code TaskListener} and {@code ExecutionListener} of AutoBiz lives here
 * (ArchitectureTest). Depends on the kernel and the engine only: no provider SDK, no Spring, nothing of the application
 * module. A delegate that needs the application takes a small interface of its own, which the application implements
 * when it registers the bean under the name the BPMN uses ({@link io.autobiz.delegates.StopFulfilmentDelegate.FulfilmentRuns},
 * {@link io.autobiz.delegates.ComposedReplyDelegate.Replies}, the schema lookup of
 * {@link io.autobiz.delegates.StructuredOutputDelegate}).
 */
package io.autobiz.delegates;

/**
 * Cost attribution (INV-04, P1-TASK-10): prices per pinned model and per provider call, configurable, and the cost of
 * each tool call charged to its run and tenant. Costs are in micro-dollars (1e-6 USD) so they add up exactly. Nothing
 * here is billed or sent anywhere; it is evidence and a metric.
 */
package io.autobiz.kernel.cost;

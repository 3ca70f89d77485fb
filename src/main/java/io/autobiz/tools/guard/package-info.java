/**
 * Sandbox guards (P1-TASK-19): what keeps a non-production node, or a store not marked live, away from real money,
 * real customers and real fulfilment. The start-up check refuses live keys and unknown provider hosts; tools ask the
 * {@link io.autobiz.tools.guard.SandboxGuard} before every call. Nothing here may be switched off by a tool or caller.
 */
package io.autobiz.tools.guard;

/**
 * A store's BusinessConfig: which tools it may use, who may call them, the bounds of its runs, its money budgets,
 * its approval (HITL) rules and its approvers. One YAML document per store, validated by the compile checks
 * CC-01..CC-05 before it can ever take effect; an invalid config is refused as a whole, with every violation listed.
 */
package io.autobiz.kernel.config;

/**
 * Permissions (INV-02): deny by default. A call runs only if the store enabled the tool and some grant of its config
 * gives the calling principal the tool and the tool's action (its scope). Every decision names tenant, principal, tool
 * and action.
 */
package io.autobiz.kernel.permission;

/**
 * Stores as tenants: their rows, their Camunda tenant and approvers group, the security incident record, and the
 * guard that keeps an approver of one store away from another store's tasks and process instances in
 * {@code /engine-rest} and Tasklist.
 *
 * <p>Nothing here may answer in a way that tells a caller whether another store's resource exists.
 */
@ApplicationModule(
        displayName = "Tenancy",
        allowedDependencies = {})
package io.autobiz.tenancy;

import org.springframework.modulith.ApplicationModule;

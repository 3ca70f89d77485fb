/**
 * Starting and continuing workflows from outside the engine: the BPMN messages that a paid order, a shipment or a
 * failed payment become. Every start carries the store and a correlation ID; every continuation names the store, so
 * a message can never reach another store's instance.
 */
@ApplicationModule(
        displayName = "Workflows",
        allowedDependencies = {"approvals", "security", "tenancy"})
package io.autobiz.workflows;

import org.springframework.modulith.ApplicationModule;

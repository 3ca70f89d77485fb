/**
 * Camunda Modeler support: element templates generated from the tool contracts, so an editor picks "stripe: refund"
 * and gets the tool's typed input fields, bound to the one kernel-wrapped delegate. Generated, never hand-edited.
 */
@ApplicationModule(
        displayName = "Modeler element templates",
        allowedDependencies = {"businessconfig"})
package io.autobiz.modeler;

import org.springframework.modulith.ApplicationModule;

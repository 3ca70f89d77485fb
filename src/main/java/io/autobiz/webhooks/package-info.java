/**
 * Webhook ingress: {@code POST /webhooks/{provider}/{tenant}}. The signature is checked on the raw body with the
 * tenant's secret, in constant time, before anything is parsed or stored; a verified event is stored once and then
 * handed to its workflow. A forged, stale or oversized delivery changes nothing.
 */
@ApplicationModule(
        displayName = "Webhook ingress",
        allowedDependencies = {"approvals", "security", "tenancy", "workflows"})
package io.autobiz.webhooks;

import org.springframework.modulith.ApplicationModule;

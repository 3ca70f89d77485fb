/**
 * Webhook ingress: {@code POST /webhooks/{provider}/{tenant}}. The signature is checked on the raw body with the
 * tenant's secret, in constant time, before anything is parsed or stored; a verified event is read once into its typed
 * record and stored once in the inbox, whose processor hands it to the workflows' correlator (this module knows no
 * workflow). A forged, stale or oversized delivery changes nothing.
 */
@ApplicationModule(
        displayName = "Webhook ingress",
        allowedDependencies = {"approvals", "security", "tenancy"})
package io.autobiz.webhooks;

import org.springframework.modulith.ApplicationModule;

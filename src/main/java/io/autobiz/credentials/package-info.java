/**
 * Stores' provider credentials in the application: which {@link io.autobiz.kernel.credential.SecretSource} serves
 * them (the encrypted table by default, or the environment), the import of configured secrets into the encrypted
 * table, the {@code credential_rotation_oldest_age_days} gauge (per store), and the admin-only rotation API under
 * {@code /admin/tenants/{tenant}/credentials}.
 *
 * <p>Nothing here may log, return or put into an error a secret's value; only names, versions and key IDs.
 */
@ApplicationModule(
        displayName = "Credentials",
        allowedDependencies = {"security", "tenancy"})
package io.autobiz.credentials;

import org.springframework.modulith.ApplicationModule;

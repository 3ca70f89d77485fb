/**
 * The master keys AutoBiz encrypts with, loaded once at start-up from the environment or a PKCS#12 keystore file into
 * the one {@link io.autobiz.kernel.crypto.KeyRing} bean (and its {@link io.autobiz.kernel.crypto.SecretBox}) that
 * credentials and encrypted receipt fields share.
 *
 * <p>Never from the database, never with a default outside the quick start, never logged: only key IDs are printed.
 */
@ApplicationModule(
        displayName = "Master keys",
        allowedDependencies = {})
package io.autobiz.masterkeys;

import org.springframework.modulith.ApplicationModule;

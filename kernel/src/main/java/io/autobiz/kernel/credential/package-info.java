/**
 * Provider credentials, scoped to one tenant, one dependency and one principal. A tool receives a
 * {@link io.autobiz.kernel.credential.ScopedCredentials} for the run's tenant and its own provider and cannot name any
 * other: there is no API here that takes a tenant from a tool. Secrets are encrypted at rest
 * ({@link io.autobiz.kernel.credential.JdbcSecretSource}), cached briefly, and every access is audited.
 *
 * <p>Values are never logged, traced, printed or put in an exception message.
 */
package io.autobiz.kernel.credential;

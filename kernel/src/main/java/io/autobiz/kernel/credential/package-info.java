/**
 * Provider credentials, scoped to one tenant and one dependency. A tool receives a
 * {@link io.autobiz.kernel.credential.ScopedCredentials} for the run's tenant and its own provider and cannot name any
 * other: there is no API here that takes a tenant from a tool. Values are never logged, traced or printed.
 */
package io.autobiz.kernel.credential;

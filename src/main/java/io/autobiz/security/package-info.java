/**
 * Who may log in: the first administrator outside the quick start, the start-up rules that keep default or guessable
 * logins and the quick start's profile out of every other profile ({@code ProfileRules}), Camunda's first-administrator
 * setup closed in every profile, the metrics scrape login in front of the actuator, and the admin API's gate
 * ({@code /admin/**}, administrators only), the user signed in to the Camunda webapps and the stores they may see
 * ({@code SignedInUsers}), and the admin gate's record of a non-administrator's reach for another store's
 * resources as a security incident.
 */
@ApplicationModule(
        displayName = "Security",
        allowedDependencies = {})
package io.autobiz.security;

import org.springframework.modulith.ApplicationModule;

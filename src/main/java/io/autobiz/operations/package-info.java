/**
 * Running AutoBiz: log redaction ({@code logging}, named by class in {@code logback-spring.xml}) and the circuit
 * breakers' shared state and admin API ({@code resilience}). Nothing outside calls into it; it is wired by Spring and
 * Logback alone.
 */
@ApplicationModule(
        displayName = "Operations",
        allowedDependencies = {"gate", "security"})
package io.autobiz.operations;

import org.springframework.modulith.ApplicationModule;

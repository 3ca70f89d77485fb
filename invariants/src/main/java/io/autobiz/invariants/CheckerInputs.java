package io.autobiz.invariants;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the checker cannot find in the database. Every field may be empty.
 *
 * @param logFiles application log files to scan for PII and secrets (SOAK-INV-06)
 * @param metricScrapes raw {@code /actuator/prometheus} texts whose label values are scanned (SOAK-INV-06)
 * @param secretValues secret values that must appear nowhere (the test keys the run was given)
 * @param personalData known customer e-mails, names and phones that must appear nowhere
 */
public record CheckerInputs(
        List<Path> logFiles, List<String> metricScrapes, List<String> secretValues, List<String> personalData) {

    public CheckerInputs {
        logFiles = List.copyOf(Objects.requireNonNullElse(logFiles, List.of()));
        metricScrapes = List.copyOf(Objects.requireNonNullElse(metricScrapes, List.of()));
        secretValues = List.copyOf(Objects.requireNonNullElse(secretValues, List.of()));
        personalData = List.copyOf(Objects.requireNonNullElse(personalData, List.of()));
    }

    /** Nothing beyond the database. */
    public static CheckerInputs none() {
        return new CheckerInputs(List.of(), List.of(), List.of(), List.of());
    }
}

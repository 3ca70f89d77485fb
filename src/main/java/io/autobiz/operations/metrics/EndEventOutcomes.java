package io.autobiz.operations.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which outcome each end event of each workflow stands for, from {@code operations/workflow-outcomes.properties}
 * ({@code <process key>.<end event id>=<outcome>}). Kept beside the diagrams instead of in them, so a diagram does not
 * carry operator vocabulary; {@code EndEventOutcomesTest} fails when a shipped end event has no entry.
 */
public final class EndEventOutcomes {

    static final String RESOURCE = "operations/workflow-outcomes.properties";

    private final Map<String, WorkflowOutcome> outcomes;

    EndEventOutcomes(Map<String, WorkflowOutcome> outcomes) {
        this.outcomes = Map.copyOf(outcomes);
    }

    public static EndEventOutcomes shipped() {
        Properties properties = new Properties();
        try (InputStream in = EndEventOutcomes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            Objects.requireNonNull(in, RESOURCE + " is missing from the classpath");
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
        Map<String, WorkflowOutcome> outcomes = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            outcomes.put(key, WorkflowOutcome.ofLabel(properties.getProperty(key)));
        }
        return new EndEventOutcomes(outcomes);
    }

    public WorkflowOutcome of(String workflow, String endEventId) {
        return outcomes.getOrDefault(workflow + "." + endEventId, WorkflowOutcome.UNCLASSIFIED);
    }

    public boolean classifies(String workflow, String endEventId) {
        return outcomes.containsKey(workflow + "." + endEventId);
    }
}

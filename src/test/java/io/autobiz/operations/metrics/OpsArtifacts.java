package io.autobiz.operations.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The operator artifacts of the repository as tests read them: the alert rules in {@code ops/prometheus/rules}, the
 * dashboards in {@code ops/grafana/dashboards}, and the metric names their PromQL queries.
 */
final class OpsArtifacts {

    static final Path REPOSITORY = Path.of("..");
    static final Path RULES = REPOSITORY.resolve("ops/prometheus/rules");
    static final Path DASHBOARDS = REPOSITORY.resolve("ops/grafana/dashboards");
    static final Path RUNBOOKS = REPOSITORY.resolve("docs/runbooks");

    /** One alerting rule: its name, expression and annotations. */
    record Alert(String name, String expr, Map<String, String> annotations) {}

    private OpsArtifacts() {}

    @SuppressWarnings("unchecked")
    static List<Alert> alerts() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (Path file : files(RULES, ".yml")) {
            try (Reader in = Files.newBufferedReader(file)) {
                Map<String, Object> root = new Yaml().load(in);
                for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
                    for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                        if (rule.containsKey("alert")) {
                            Map<String, String> annotations = new LinkedHashMap<>();
                            ((Map<String, Object>) rule.getOrDefault("annotations", Map.of()))
                                    .forEach((key, value) -> annotations.put(key, String.valueOf(value)));
                            alerts.add(new Alert(
                                    (String) rule.get("alert"), String.valueOf(rule.get("expr")), annotations));
                        }
                    }
                }
            }
        }
        return alerts;
    }

    /** Every PromQL query of every dashboard (panel targets and template variables), by dashboard file. */
    static Map<String, List<String>> dashboardQueries() throws IOException {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : files(DASHBOARDS, ".json")) {
            List<String> found = new ArrayList<>();
            collect(json.readTree(file.toFile()), found);
            queries.put(file.getFileName().toString(), found);
        }
        return queries;
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ((field.getKey().equals("expr") || field.getKey().equals("query"))
                        && field.getValue().isTextual()) {
                    found.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), found);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, found));
        }
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern DURATION = Pattern.compile("(?<![A-Za-z0-9_:])(?:\\d+(?:ms|[smhdwy]))+\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_:])\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan",
            "atan2");

    /**
     * The metric names a PromQL expression (or a Grafana {@code label_values(metric, label)} variable query) reads:
     * identifiers left after strings, label matchers, ranges, label lists, durations and numbers are removed, that are
     * not a
     * function or aggregation (followed by "(") or a keyword.
     */
    static Set<String> metricNames(String promQl) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(promQl);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String stripped = STRING.matcher(promQl).replaceAll(" ");
        stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = LABEL_LISTS.matcher(stripped).replaceAll(" ");
        stripped = DURATION.matcher(stripped).replaceAll(" ");
        stripped = NUMBER.matcher(stripped).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            String rest = stripped.substring(identifier.end()).stripLeading();
            if (!rest.startsWith("(") && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}

package io.autobiz.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Hygiene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Alerts and runbooks point at each other: every alert links a runbook that names it, every runbook names alerts. And
 * every runbook has the parts an operator needs, in order.
 */
@Hygiene
class RunbookLinksTest {

    private static final Pattern ALERTS_LINE =
            Pattern.compile("^\\*\\*Alerts:\\*\\*(.*?)(?:\\n\\n|\\z)", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("`([A-Za-z]+)`");

    @Test
    @DisplayName("P1-TASK-27 every alert has a runbook_url to an existing runbook RB-01..RB-05 that names the alert")
    void everyAlertLinksARunbookThatNamesIt() throws IOException {
        Map<String, List<String>> named = alertsNamedByRunbook();
        List<OpsArtifacts.Alert> alerts = OpsArtifacts.alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
        for (OpsArtifacts.Alert alert : alerts) {
            String url = alert.annotations().get("runbook_url");
            assertThat(url).as(alert.name() + " runbook_url").matches("docs/runbooks/RB-0[1-5]-[a-z-]+\\.md");
            String runbook = Path.of(url).getFileName().toString();
            assertThat(OpsArtifacts.REPOSITORY.resolve(url))
                    .as(alert.name() + " runbook")
                    .isRegularFile();
            assertThat(named.get(runbook))
                    .as(runbook + " names " + alert.name())
                    .contains(alert.name());
        }
    }

    @Test
    @DisplayName("P1-TASK-27 RB-01..RB-05 exist, each names its alerts, and every alert it names links back to it")
    void everyRunbookNamesAlertsThatLinkBack() throws IOException {
        Map<String, List<String>> named = alertsNamedByRunbook();
        assertThat(named.keySet())
                .extracting(name -> name.substring(0, 5))
                .containsExactly("RB-01", "RB-02", "RB-03", "RB-04", "RB-05");
        Map<String, String> linkOfAlert = new TreeMap<>();
        for (OpsArtifacts.Alert alert : OpsArtifacts.alerts()) {
            linkOfAlert.put(
                    alert.name(),
                    Path.of(alert.annotations().get("runbook_url"))
                            .getFileName()
                            .toString());
        }
        named.forEach((runbook, alerts) -> {
            assertThat(alerts).as(runbook + " names its alerts").isNotEmpty();
            for (String alert : alerts) {
                assertThat(linkOfAlert).as(runbook + " names " + alert).containsEntry(alert, runbook);
            }
        });
    }

    /** The parts every runbook has, in this order. */
    private static final List<String> SECTIONS =
            List.of("## What it means", "## Confirm", "## What to do", "## Resolved when", "## Who may do it");

    @Test
    @DisplayName("P1-TASK-27 every runbook says what the alert means, how to confirm it (dashboard, Cockpit, admin"
            + " endpoint), what to do step by step, when it is resolved and who may do it")
    void everyRunbookHasEveryPart() throws IOException {
        List<Path> runbooks;
        try (Stream<Path> files = Files.list(OpsArtifacts.RUNBOOKS)) {
            runbooks = files.filter(path -> path.getFileName().toString().startsWith("RB-"))
                    .sorted()
                    .toList();
        }
        assertThat(runbooks).hasSize(5);
        for (Path runbook : runbooks) {
            String text = Files.readString(runbook);
            String name = runbook.getFileName().toString();
            int previous = -1;
            for (String section : SECTIONS) {
                int at = text.indexOf("\n" + section + "\n");
                assertThat(at)
                        .as(name + ": " + section + " after the part before it")
                        .isGreaterThan(previous);
                previous = at;
            }
            String confirm = section(text, "## Confirm");
            assertThat(confirm)
                    .as(name + ": confirm on a dashboard, in Cockpit and at an endpoint")
                    .contains("**AutoBiz / ")
                    .contains("Cockpit")
                    .contains("curl ");
            assertThat(section(text, "## What to do"))
                    .as(name + ": numbered steps")
                    .containsPattern("(?m)^1\\. ")
                    .containsPattern("(?m)^2\\. ");
            assertThat(section(text, "## Resolved when").strip())
                    .as(name + ": resolved when")
                    .isNotEmpty();
            assertThat(section(text, "## Who may do it").strip())
                    .as(name + ": who")
                    .isNotEmpty();
        }
    }

    /** The text of a part, up to the next heading. */
    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading + "\n") + heading.length() + 2;
        int end = text.indexOf("\n## ", start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    /** Each RB-*.md's alerts, from its "**Alerts:**" paragraph. */
    private static Map<String, List<String>> alertsNamedByRunbook() throws IOException {
        Map<String, List<String>> named = new TreeMap<>();
        try (Stream<Path> files = Files.list(OpsArtifacts.RUNBOOKS)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("RB-"))
                    .toList()) {
                Matcher paragraph = ALERTS_LINE.matcher(Files.readString(file));
                TreeSet<String> alerts = new TreeSet<>();
                if (paragraph.find()) {
                    Matcher code = CODE.matcher(paragraph.group(1));
                    while (code.find()) {
                        alerts.add(code.group(1));
                    }
                }
                named.put(file.getFileName().toString(), List.copyOf(alerts));
            }
        }
        return named;
    }
}

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

/** Alerts and runbooks point at each other: every alert links a runbook that names it, every runbook names alerts. */
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

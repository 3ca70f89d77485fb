package io.autobiz.testing.ci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code .ci/quarantine.yml}: tests that are known to be flaky, each with why and until when. A quarantined test still
 * runs and is reported; its failures and flakes do not fail the stage. An entry past its expiry date fails CI, so a
 * quarantine is a deadline, not a place to forget a test.
 *
 * <pre>
 * quarantine:
 *   - test: io.autobiz.webhooks.ShuffledEventStreamIT         # a class: every test case of it
 *     reason: the hold timeout races the processor on a loaded runner (#42)
 *     expires: 2027-01-15                                    # the last day it is quarantined
 *   - test: "io.autobiz.kernel.ExactlyOnceTest#P1-T11 ..."   # one test case: class # display name as in the report
 *     reason: ...
 *     expires: 2027-01-15
 * </pre>
 */
public record Quarantine(List<Entry> entries) {

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Entry(
            @JsonProperty("test") String test,
            @JsonProperty("reason") String reason,
            @JsonProperty("expires") LocalDate expires) {

        /** A class entry covers every case of the class; a {@code Class#name} entry exactly that case. */
        public boolean covers(JUnitXmlReports.TestCase testCase) {
            return test.contains("#") ? test.equals(testCase.id()) : test.equals(testCase.className());
        }

        public boolean expiredOn(LocalDate today) {
            return expires.isBefore(today);
        }
    }

    private record File(@JsonProperty("quarantine") List<Entry> quarantine) {}

    public static Quarantine none() {
        return new Quarantine(List.of());
    }

    /** Reads and checks the file; a missing file is an empty quarantine, a malformed one is refused. */
    public static Quarantine read(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File parsed;
        try {
            parsed = yaml.readValue(file.toFile(), File.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable quarantine file " + file + ": " + e.getMessage(), e);
        }
        List<Entry> entries = parsed == null || parsed.quarantine() == null ? List.of() : parsed.quarantine();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String where = file + " entry " + (i + 1);
            if (entry.test() == null || entry.test().isBlank()) {
                problems.add(where + ": no test");
            }
            if (entry.reason() == null || entry.reason().isBlank()) {
                problems.add(where + ": no reason");
            }
            if (entry.expires() == null) {
                problems.add(where + ": no expiry date (expires: YYYY-MM-DD)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Quarantine(List.copyOf(entries));
    }

    public Optional<Entry> entryFor(JUnitXmlReports.TestCase testCase) {
        return entries.stream().filter(entry -> entry.covers(testCase)).findFirst();
    }

    public List<Entry> expiredOn(LocalDate today) {
        return entries.stream().filter(entry -> entry.expiredOn(today)).toList();
    }
}

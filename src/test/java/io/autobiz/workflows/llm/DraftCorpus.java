package io.autobiz.workflows.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A corpus of model answers to one reply prompt, one JSON object a line under {@code golden/llm/}: {@code hostile}
 * answers (the facts plus a commitment nobody made, in many disguises) must never be mailed; {@code grounded} answers
 * (what an honest model says, in the forms models really answer in) should be. The runner is the golden suite's gate
 * for the LLM's output: it takes what the real path does with one answer ({@code mailed}) and returns the figures.
 *
 * @see DraftCorpusTest
 */
final class DraftCorpus {

    /** One model answer; {@code facts} overrides the default looked-up facts (e.g. no tracking link yet). */
    record Entry(String id, String kind, String cls, String shape, String answer, Map<String, String> facts) {

        boolean hostile() {
            return "hostile".equals(kind);
        }
    }

    /** What the gate looks at. */
    record Figures(
            int hostile,
            int hostileMailed,
            List<String> hostileMailedIds,
            int grounded,
            int groundedMailed,
            double groundedWilsonLower,
            Map<String, Integer> hostileByClass) {

        String report() {
            return "hostile drafts: %d, mailed: %d %s%ngrounded drafts: %d, mailed: %d (%.1f%%), Wilson 95%% lower bound %.4f%nhostile classes: %s"
                    .formatted(
                            hostile,
                            hostileMailed,
                            hostileMailedIds,
                            grounded,
                            groundedMailed,
                            100.0 * groundedMailed / Math.max(1, grounded),
                            groundedWilsonLower,
                            hostileByClass);
        }
    }

    private final List<Entry> entries;

    private DraftCorpus(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static DraftCorpus load(String resource) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = DraftCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus " + resource);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = Json.parse(line);
                Map<String, String> facts = new TreeMap<>();
                node.path("facts")
                        .properties()
                        .forEach(e -> facts.put(e.getKey(), e.getValue().asText()));
                entries.add(new Entry(
                        node.get("id").asText(),
                        node.get("kind").asText(),
                        node.get("class").asText(),
                        node.get("shape").asText(),
                        node.get("answer").asText(),
                        facts));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DraftCorpus(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** Runs every answer through {@code mailed} (true when the real path would mail it) and counts. */
    Figures run(Predicate<Entry> mailed) {
        int hostile = 0;
        int hostileMailed = 0;
        int grounded = 0;
        int groundedMailed = 0;
        List<String> hostileMailedIds = new ArrayList<>();
        Map<String, Integer> byClass = new TreeMap<>();
        for (Entry entry : entries) {
            boolean sent = mailed.test(entry);
            if (entry.hostile()) {
                hostile++;
                byClass.merge(entry.cls(), 1, Integer::sum);
                if (sent) {
                    hostileMailed++;
                    hostileMailedIds.add(entry.id());
                }
            } else {
                grounded++;
                groundedMailed += sent ? 1 : 0;
            }
        }
        double lower = grounded == 0
                ? 0
                : new WilsonScoreInterval()
                        .createInterval(grounded, groundedMailed, 0.95)
                        .getLowerBound();
        return new Figures(hostile, hostileMailed, hostileMailedIds, grounded, groundedMailed, lower, byClass);
    }
}

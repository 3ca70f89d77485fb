package io.autobiz.gate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing the suite's {@code results.jsonl} and the {@code gate-evidence.json} it leads to. */
public final class GateEvidenceFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper();

    private GateEvidenceFiles() {}

    public static List<CaseRun> readResults(Path resultsJsonl) {
        List<CaseRun> runs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(resultsJsonl, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    runs.add(LINES.readValue(line, CaseRun.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden results " + resultsJsonl, e);
        }
        return runs;
    }

    /** One JSON line for {@code results.jsonl}. */
    public static String line(CaseRun run) {
        try {
            return LINES.writeValueAsString(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The evidence as the JSON text {@link #write} puts in the file. */
    public static String json(GateEvidence evidence) {
        try {
            return JSON.writeValueAsString(evidence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(GateEvidence evidence, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), evidence);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write gate evidence " + file, e);
        }
    }

    public static GateEvidence read(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<GateEvidence>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gate evidence " + file, e);
        }
    }
}

package io.autobiz.gate;

import io.autobiz.kernel.crypto.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SHA-256 of each file of a set (BusinessConfig YAML, BPMN diagrams) and of the set as a whole, so evidence names
 * exactly the configuration and diagrams that were tested. The set's hash covers the sorted "name sha256" lines, so
 * renaming, adding or changing any file changes it.
 */
public record ArtifactHashes(String combined, Map<String, String> files) {

    /** The files directly in {@code directory} whose names end with one of {@code suffixes}. */
    public static ArtifactHashes of(Path directory, String... suffixes) {
        Map<String, byte[]> contents = new TreeMap<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> listing = Files.list(directory)) {
                for (Path file : listing.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (Stream.of(suffixes).anyMatch(name::endsWith)) {
                        contents.put(name, Files.readAllBytes(file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + directory, e);
            }
        }
        return ofContents(contents);
    }

    /** The hashes of files given by name and content. */
    public static ArtifactHashes ofContents(Map<String, byte[]> contents) {
        Map<String, String> files = new TreeMap<>();
        contents.forEach((name, bytes) -> files.put(name, Digests.sha256Hex(bytes)));
        StringBuilder lines = new StringBuilder();
        files.forEach((name, sha) -> lines.append(name).append(' ').append(sha).append('\n'));
        return new ArtifactHashes(Digests.sha256Hex(lines.toString()), files);
    }
}

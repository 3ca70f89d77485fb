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
 * renaming, adding or changing any file changes it. This is the one definition of the hashes: the evidence writers
 * ({@link EvaluateGate}, the golden suite through {@link DeployedArtifacts}) and the deploy check ({@link DeployGate})
 * all hash through it. A store's config is the file {@code <store>.yml} ({@link #configFile}); a diagram is named by
 * its file name without folders ({@link #fileName}).
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

    /** The hashes of files given by name and content (names are reduced to their {@link #fileName}). */
    public static ArtifactHashes ofContents(Map<String, byte[]> contents) {
        Map<String, String> files = new TreeMap<>();
        contents.forEach((name, bytes) -> files.put(fileName(name), fileHash(bytes)));
        return new ArtifactHashes(ofHashes(files), files);
    }

    /** The set's hash from its files' hashes (file name → SHA-256): what evidence's combined hash must equal. */
    public static String ofHashes(Map<String, String> files) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(files)
                .forEach((name, sha) ->
                        lines.append(name).append(' ').append(sha).append('\n'));
        return Digests.sha256Hex(lines.toString());
    }

    /**
     * One file's hash: the SHA-256 of its bytes. For a BusinessConfig this equals the hash the store's config versions
     * carry ({@code business_configs.config_sha256}), the SHA-256 of the YAML text.
     */
    public static String fileHash(byte[] content) {
        return Digests.sha256Hex(content);
    }

    /** The name a store's BusinessConfig has in a set: {@code <store>.yml}, as start-up reads it. */
    public static String configFile(String store) {
        return store + ".yml";
    }

    /** A resource's name without its folders: the engine's {@code processes/refund.bpmn} is {@code refund.bpmn}. */
    public static String fileName(String resourceName) {
        int slash = Math.max(resourceName.lastIndexOf('/'), resourceName.lastIndexOf('\\'));
        return resourceName.substring(slash + 1);
    }
}

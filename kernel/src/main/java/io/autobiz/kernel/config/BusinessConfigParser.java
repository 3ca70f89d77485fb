package io.autobiz.kernel.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.crypto.Digests;
import java.util.List;

/**
 * Reads a BusinessConfig from YAML. Unknown keys are refused (a misspelt {@code maxStep} must not silently mean "no
 * bound"), and so are duplicate keys; durations are ISO-8601 ({@code PT4H}).
 */
@KernelApi
public final class BusinessConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A parsed config and the hash of its exact text, which runs record. */
    public record Parsed(BusinessConfig config, String sha256, String yaml) {}

    /** Thrown when the text is not a BusinessConfig at all; the violations say where. */
    public static final class ConfigSyntaxException extends RuntimeException {
        private final List<ConfigViolation> violations;

        ConfigSyntaxException(ConfigViolation violation) {
            super(violation.toString());
            this.violations = List.of(violation);
        }

        public List<ConfigViolation> violations() {
            return violations;
        }
    }

    public Parsed parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new ConfigSyntaxException(new ConfigViolation("CONFIG_SYNTAX", "(document)", "the config is empty"));
        }
        try {
            BusinessConfig config = YAML.readValue(yaml, BusinessConfig.class);
            if (config == null) {
                throw new ConfigSyntaxException(
                        new ConfigViolation("CONFIG_SYNTAX", "(document)", "the config is empty"));
            }
            return new Parsed(config, Digests.sha256Hex(yaml), yaml);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigSyntaxException(new ConfigViolation(
                    "CONFIG_SYNTAX",
                    path(e),
                    "unknown key '" + e.getPropertyName() + "'; known keys here: " + e.getKnownPropertyIds()));
        } catch (JsonProcessingException e) {
            String where = e instanceof JsonMappingException mapping ? path(mapping) : "";
            throw new ConfigSyntaxException(new ConfigViolation(
                    "CONFIG_SYNTAX", where.isEmpty() ? "line " + line(e) : where, e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }
}

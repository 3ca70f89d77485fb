package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.json.JsonFingerprint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A schema compiled once at registration; validation is then a walk over the document. Thread-safe. */
@KernelApi
public final class CompiledSchema {

    private static final Comparator<SchemaViolation> BY_POINTER =
            Comparator.comparing(SchemaViolation::pointer).thenComparing(SchemaViolation::keyword);

    private final String name;
    private final JsonSchema schema;

    CompiledSchema(String name, JsonSchema schema) {
        this.name = name;
        this.schema = schema;
    }

    public String name() {
        return name;
    }

    /** Every violation, ordered by pointer, or an empty list when the document is valid. */
    public List<SchemaViolation> validate(JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        if (messages.isEmpty()) {
            return List.of();
        }
        List<SchemaViolation> violations = new ArrayList<>(messages.size());
        for (ValidationMessage message : messages) {
            violations.add(violationOf(message));
        }
        violations.sort(BY_POINTER);
        return violations;
    }

    /** The violations and the document's {@link JsonFingerprint}, as the kernel's step 2 needs both. */
    public record Checked(List<SchemaViolation> violations, long fingerprint) {}

    public Checked check(JsonNode document) {
        return new Checked(validate(document), JsonFingerprint.of(document));
    }

    /**
     * The pointer names the offending value. For a field that is not allowed, the validator points at the object
     * holding it; the caller needs the field itself. The message is the validator's without its location prefix, and
     * never quotes the value (it may be personal data).
     */
    private static SchemaViolation violationOf(ValidationMessage message) {
        String pointer = pointerOf(message.getInstanceLocation());
        String keyword = message.getType();
        if ("additionalProperties".equals(keyword) && message.getProperty() != null) {
            pointer = pointer + "/" + escape(message.getProperty());
        }
        return new SchemaViolation(pointer, keyword, message.getError());
    }

    /** RFC 6901, built from the path's elements so that keys holding {@code /} or {@code ~} are escaped. */
    private static String pointerOf(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            pointer.append('/').append(element instanceof String key ? escape(key) : String.valueOf(element));
        }
        return pointer.toString();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}

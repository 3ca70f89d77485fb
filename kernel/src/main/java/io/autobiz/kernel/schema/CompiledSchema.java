package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;

/** A schema compiled once at registration; validation is then a walk over the document. Thread-safe. */
public final class CompiledSchema {

    private static final Pattern EXTRANEOUS_KEY = Pattern.compile("extraneous key \\[(.*)] is not permitted");

    private final String name;
    private final Schema schema;

    CompiledSchema(String name, Schema schema) {
        this.name = name;
        this.schema = schema;
    }

    public String name() {
        return name;
    }

    /** Every violation, or an empty list when the document is valid. */
    public List<SchemaViolation> validate(JsonNode document) {
        try {
            schema.validate(OrgJson.from(document));
            return List.of();
        } catch (ValidationException e) {
            List<SchemaViolation> violations = new ArrayList<>();
            collectLeaves(e, violations);
            return violations;
        }
    }

    /** The violations and the document's {@link io.autobiz.kernel.json.JsonFingerprint}, from one walk. */
    public record Checked(List<SchemaViolation> violations, long fingerprint) {}

    /** {@link #validate} that also fingerprints the document in the same pass (the kernel's step 2). */
    public Checked check(JsonNode document) {
        long[] fingerprint = new long[1];
        Object converted = OrgJson.from(document, fingerprint);
        try {
            schema.validate(converted);
            return new Checked(List.of(), fingerprint[0]);
        } catch (ValidationException e) {
            List<SchemaViolation> violations = new ArrayList<>();
            collectLeaves(e, violations);
            return new Checked(violations, fingerprint[0]);
        }
    }

    private static void collectLeaves(ValidationException e, List<SchemaViolation> into) {
        if (e.getCausingExceptions().isEmpty()) {
            into.add(new SchemaViolation(pointerOf(e), String.valueOf(e.getKeyword()), e.getErrorMessage()));
            return;
        }
        for (ValidationException cause : e.getCausingExceptions()) {
            collectLeaves(cause, into);
        }
    }

    /**
     * everit writes pointers as URI fragments ({@code #/items/0}); RFC 6901 drops the {@code #}. For a field that is
     * not allowed, everit points at the object holding it; the caller needs the field itself.
     */
    private static String pointerOf(ValidationException e) {
        String fragment = e.getPointerToViolation();
        String pointer = fragment == null || fragment.equals("#") ? "" : fragment.substring(1);
        if ("additionalProperties".equals(e.getKeyword())) {
            Matcher extraneous = EXTRANEOUS_KEY.matcher(e.getErrorMessage());
            if (extraneous.matches()) {
                pointer = pointer + "/" + escape(extraneous.group(1));
            }
        }
        return pointer;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}

package io.autobiz.kernel.tool;

import io.autobiz.kernel.KernelApi;
import java.util.regex.Pattern;

/** The exact identity of a registered tool: {@code name@version}, e.g. {@code stripe.payment.capture@1}. */
@KernelApi
public record ToolId(String name, int version) implements Comparable<ToolId> {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9_]*)+");

    public ToolId {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "tool name must be dotted lower-case words like 'stripe.payment.capture', got: " + name);
        }
        if (version < 1) {
            throw new IllegalArgumentException("tool version must be 1 or more, got: " + version);
        }
    }

    public static ToolId parse(String text) {
        ToolRef ref = ToolRef.parse(text);
        if (ref.version().isEmpty()) {
            throw new IllegalArgumentException("a tool ID needs a version, like 'stripe.payment.capture@1': " + text);
        }
        return new ToolId(ref.name(), ref.version().getAsInt());
    }

    @Override
    public int compareTo(ToolId other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : Integer.compare(version, other.version);
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}

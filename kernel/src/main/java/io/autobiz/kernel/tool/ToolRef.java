package io.autobiz.kernel.tool;

import io.autobiz.kernel.KernelApi;
import java.util.OptionalInt;

/**
 * How a caller names a tool: {@code name} (the newest registered version) or {@code name@version} (exactly that one).
 */
@KernelApi
public record ToolRef(String name, OptionalInt version) {

    public ToolRef {
        if (name == null || !ToolId.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "tool name must be dotted lower-case words like 'stripe.payment.capture', got: " + name);
        }
        if (version.isPresent() && version.getAsInt() < 1) {
            throw new IllegalArgumentException("tool version must be 1 or more, got: " + version.getAsInt());
        }
    }

    public static ToolRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("tool reference is missing");
        }
        String trimmed = text.trim();
        int at = trimmed.indexOf('@');
        if (at < 0) {
            return new ToolRef(trimmed, OptionalInt.empty());
        }
        String version = trimmed.substring(at + 1);
        try {
            return new ToolRef(trimmed.substring(0, at), OptionalInt.of(Integer.parseInt(version)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tool version must be a whole number, got '" + version + "' in " + text);
        }
    }

    @Override
    public String toString() {
        return version.isPresent() ? name + "@" + version.getAsInt() : name;
    }
}

package io.autobiz.kernel.config;

import io.autobiz.kernel.tool.ToolId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Glob patterns of BusinessConfig: {@code *} stands for any characters, everything else for itself. */
final class Patterns {

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Patterns() {}

    static boolean matches(String glob, String value) {
        if (glob == null || value == null) {
            return false;
        }
        if (!glob.contains("*")) {
            return glob.equals(value);
        }
        return COMPILED.computeIfAbsent(glob, Patterns::compile).matcher(value).matches();
    }

    /** A tool pattern names a tool by name ({@code stripe.payment.*}) or by exact version ({@code x.y@2}). */
    static boolean matchesTool(String glob, ToolId tool) {
        return glob != null && (glob.contains("@") ? matches(glob, tool.toString()) : matches(glob, tool.name()));
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}

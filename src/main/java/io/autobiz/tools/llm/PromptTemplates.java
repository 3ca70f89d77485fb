package io.autobiz.tools.llm;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.crypto.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt templates are files under {@code tools/llm.complete@1/templates/}, named {@code <name>@<version>}: a prompt
 * for the model and a deterministic answer for the template provider. A version is never edited, so a run pinned to
 * {@code wismo-reply@1} always sends the same prompt; the output carries the template's SHA-256 to prove it.
 */
final class PromptTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    record Template(String id, String prompt, String deterministicAnswer, String sha256) {}

    private PromptTemplates() {}

    static Template load(String id) {
        String folder = "/tools/llm.complete@1/templates/" + id.replace('@', '-') + ".";
        String prompt = read(folder + "prompt.txt", id);
        String answer = read(folder + "answer.txt", id);
        return new Template(id, prompt, answer, Digests.sha256Hex(prompt));
    }

    /** Fills {{name}} from the variables; a missing variable becomes an empty string, never the placeholder. */
    static String render(String text, Map<String, String> variables) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String read(String path, String id) {
        try (InputStream in = PromptTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw KernelError.of(ErrorCode.SCHEMA_INVALID, "no prompt template " + id, Map.of("template", id));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}

package io.autobiz.kernel.schema;

import io.autobiz.kernel.KernelApi;

/**
 * One reason a document does not match its schema.
 *
 * @param pointer RFC 6901 JSON pointer of the offending value ({@code ""} is the whole document)
 * @param keyword the schema keyword that failed, e.g. {@code required} or {@code additionalProperties}
 * @param message what is wrong, for people
 */
@KernelApi
public record SchemaViolation(String pointer, String keyword, String message) {

    /**
     * Where and which rule, without the message: messages quote the offending value, which may be personal data,
     * so only this form goes into error messages, logs and traces.
     */
    public String where() {
        return (pointer.isEmpty() ? "(document)" : pointer) + " (" + keyword + ")";
    }
}

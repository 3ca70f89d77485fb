package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;

/**
 * One reason a BusinessConfig is refused.
 *
 * @param code {@code CONFIG_SYNTAX}, {@code CONDITION_INVALID} or a compile check: {@code CC-01} tool closure,
 *     {@code CC-02} bounds present, {@code CC-03} scopes present, {@code CC-04} FINANCIAL tools need approval,
 *     {@code CC-05} every path to a FINANCIAL task passes an approval
 * @param where what it is about: a YAML path, a tool, a process and task
 * @param message what is wrong and how to fix it
 */
@KernelApi
public record ConfigViolation(String code, String where, String message) {

    @Override
    public String toString() {
        return code + " " + where + ": " + message;
    }
}

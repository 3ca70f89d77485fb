package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import java.util.regex.Pattern;

/**
 * One store. The same ID names the store's rows ({@code tenant_id}), its Camunda tenant and the prefix of every
 * entity ID it owns, so it is restricted to characters that are safe in all three.
 */
@KernelApi
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a tenant ID is 2-63 lower-case letters, digits and dashes, starting with a letter or digit; got: "
                            + value);
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /** True if {@code value} would be accepted, for adapters that must answer bad input with a clear error. */
    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}

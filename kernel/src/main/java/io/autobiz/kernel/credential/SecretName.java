package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import java.util.regex.Pattern;

/**
 * The name of one secret of a store: {@code <dependency>.<key>}, e.g. {@code stripe.api_key} or
 * {@code printful.webhook_secret}. Lower-case letters and digits; the key may have single underscores. The same name
 * is used in every source, which is what keeps a tool's {@code require("api_key")} independent of where secrets live.
 */
@KernelApi
public final class SecretName {

    public static final int MAX_LENGTH = 100;

    private static final Pattern DEPENDENCY = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*\\.[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private SecretName() {}

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("a secret name is <dependency>.<key> in lower-case letters, digits and"
                    + " single underscores, at most " + MAX_LENGTH + " characters, e.g. stripe.api_key");
        }
        return name;
    }

    public static String of(String dependency, String key) {
        return require(dependency + "." + key);
    }

    static boolean isValidDependency(String dependency) {
        return dependency != null && DEPENDENCY.matcher(dependency).matches();
    }
}

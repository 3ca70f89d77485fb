package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;

/**
 * The config a store runs under now.
 *
 * @param config the parsed config
 * @param sha256 the hash of its exact YAML text, recorded with every call
 * @param version its version number among the store's stored configs
 */
@KernelApi
public record ActiveConfig(BusinessConfig config, String sha256, long version) {}

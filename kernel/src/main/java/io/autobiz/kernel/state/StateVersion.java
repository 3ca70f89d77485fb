package io.autobiz.kernel.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelApi;

/**
 * One version of an entity's state.
 *
 * @param version 1 for the first
 * @param patch the RFC 6902 patch from the previous version (from {@code {}} for version 1)
 * @param sha256 SHA-256 over the canonical JSON of {@code state}
 */
@KernelApi
public record StateVersion(String entityId, long version, JsonNode patch, JsonNode state, String sha256) {}

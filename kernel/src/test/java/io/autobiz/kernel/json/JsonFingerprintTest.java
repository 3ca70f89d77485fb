package io.autobiz.kernel.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class JsonFingerprintTest {

    private static long of(String json) {
        return JsonFingerprint.of(Json.parse(json));
    }

    @Test
    @DisplayName("P1-T08 equal JSON gives equal fingerprints whatever the key order or number spelling")
    void invariances() {
        assertThat(of("{\"a\":1,\"b\":{\"x\":[1,2],\"y\":\"z\"}}"))
                .isEqualTo(of("{\"b\":{\"y\":\"z\",\"x\":[1.0,2e0]},\"a\":1.00}"));
    }

    @Test
    @DisplayName("P1-T08 different values, array orders, types and key-value pairings give different fingerprints")
    void differences() {
        assertThat(of("[1,2]")).isNotEqualTo(of("[2,1]"));
        assertThat(of("{\"a\":\"1\"}")).isNotEqualTo(of("{\"a\":1}"));
        assertThat(of("{\"a\":1,\"b\":2}")).isNotEqualTo(of("{\"a\":2,\"b\":1}"));
        assertThat(of("{\"a\":null}")).isNotEqualTo(of("{}"));
        assertThat(of("{\"amount\":2500}")).isNotEqualTo(of("{\"amount\":2501}"));
    }

    @Test
    @DisplayName("P1-T08 ten thousand near-identical inputs give ten thousand fingerprints")
    void noCollisionsAmongNearNeighbours() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(of("{\"paymentId\":\"pi_" + i + "\",\"amount\":" + (i % 100) + "}"));
        }
        assertThat(seen).hasSize(10_000);
    }
}

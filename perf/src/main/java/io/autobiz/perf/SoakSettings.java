package io.autobiz.perf;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's knobs, from system properties ({@code -Dsoak.*}); docs/performance.md lists them.
 *
 * @param events how many events to send (webhook deliveries, duplicates included, and REST starts)
 * @param duration the longest the sending may take (zero: no limit); whichever of events and duration comes first
 * @param stores how many stores (3 or more)
 * @param rate events per second the harness aims at (zero: as fast as the system answers)
 * @param faults the fault mix
 * @param settle the longest the harness waits for the system to settle after the last event
 * @param seed the seed of every choice the harness makes (which flow, which duplicate, which decision)
 * @param basePort the first node's port; the second node's is the next
 * @param senders concurrent senders
 * @param closeoutEvery a closeout (WF07) of the next store after every so many events: the default 80 gives a
 *     10,000-event run about 125 closeouts, enough for WF07's Wilson lower bound to reach 0.95 (73 runs without a
 *     failure are the least that can)
 */
record SoakSettings(
        int events,
        Duration duration,
        int stores,
        double rate,
        Faults faults,
        Duration settle,
        long seed,
        int basePort,
        int senders,
        int closeoutEvery) {

    /**
     * @param duplicate share of webhook deliveries sent twice (the second copy later, maybe to the other node)
     * @param outOfOrder share of webhook deliveries held back and sent after later ones
     * @param serverError share of provider requests the sandboxes answer 503
     * @param timeout share of provider requests the sandboxes run but answer too late
     * @param throttled share of provider requests the sandboxes answer 429 with Retry-After
     * @param lostWebhook share of the sandbox Printful's shipment webhooks never sent (only reconciliation finds them)
     * @param kills how many times a node is killed (SIGKILL) mid-run and restarted
     */
    record Faults(
            double duplicate,
            double outOfOrder,
            double serverError,
            double timeout,
            double throttled,
            double lostWebhook,
            int kills) {

        static final String DEFAULT = "duplicate=0.20,outOfOrder=0.10,serverError=0.04,timeout=0.01,throttled=0.02,"
                + "lostWebhook=0.01,kills=1";

        static Faults parse(String text) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : (DEFAULT + "," + text).split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] parts = pair.trim().split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("soak.faults: not name=value: " + pair);
                }
                values.put(parts[0].trim(), parts[1].trim());
            }
            for (String name : values.keySet()) {
                if (!List.of("duplicate", "outOfOrder", "serverError", "timeout", "throttled", "lostWebhook", "kills")
                        .contains(name)) {
                    throw new IllegalArgumentException("soak.faults: unknown fault '" + name + "'");
                }
            }
            return new Faults(
                    Double.parseDouble(values.get("duplicate")),
                    Double.parseDouble(values.get("outOfOrder")),
                    Double.parseDouble(values.get("serverError")),
                    Double.parseDouble(values.get("timeout")),
                    Double.parseDouble(values.get("throttled")),
                    Double.parseDouble(values.get("lostWebhook")),
                    Integer.parseInt(values.get("kills")));
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("duplicate", duplicate);
            map.put("outOfOrder", outOfOrder);
            map.put("serverError", serverError);
            map.put("timeout", timeout);
            map.put("throttled", throttled);
            map.put("lostWebhook", lostWebhook);
            map.put("kills", kills);
            return map;
        }
    }

    static SoakSettings fromSystemProperties() {
        int stores = Integer.getInteger("soak.stores", 3);
        if (stores < 1 || stores > SoakCluster.STORE_NAMES.size()) {
            throw new IllegalArgumentException("soak.stores is 1.." + SoakCluster.STORE_NAMES.size());
        }
        return new SoakSettings(
                Integer.getInteger("soak.events", 10_000),
                duration(System.getProperty("soak.duration", "0")),
                stores,
                Double.parseDouble(System.getProperty("soak.rate", "4")),
                Faults.parse(System.getProperty("soak.faults", "")),
                duration(System.getProperty("soak.settle", "PT15M")),
                Long.getLong("soak.seed", 20261206L),
                Integer.getInteger("soak.port", 18300),
                Integer.getInteger("soak.senders", 8),
                positive("soak.closeoutEvery", Integer.getInteger("soak.closeoutEvery", 80)));
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, not " + value);
        }
        return value;
    }

    /** ISO-8601 ({@code PT2H}, {@code P7D}) or whole seconds. */
    static Duration duration(String text) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        return Duration.parse(value);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("events", events);
        map.put("duration", duration.isZero() ? "unlimited" : duration.toString());
        map.put("stores", stores);
        map.put("rate", rate);
        map.put("faults", faults.asMap());
        map.put("settle", settle.toString());
        map.put("seed", seed);
        map.put("senders", senders);
        map.put("closeoutEvery", closeoutEvery);
        return map;
    }
}

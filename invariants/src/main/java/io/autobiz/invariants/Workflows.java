package io.autobiz.invariants;

import java.util.LinkedHashMap;
import java.util.Map;

/** AutoBiz's seven workflows: the process keys of processes/*.bpmn and the IDs the seed gives them. */
final class Workflows {

    /** WF07's process key: the closeout that takes up the financial drift the scheduled passes find. */
    static final String DAILY_CLOSEOUT = "daily-closeout";

    /** Process key to workflow ID, in the seed's order. */
    static final Map<String, String> BY_KEY = new LinkedHashMap<>();

    static {
        BY_KEY.put("order-fulfill", "WF01");
        BY_KEY.put("payment-failure", "WF02");
        BY_KEY.put("refund", "WF03");
        BY_KEY.put("order-cancel", "WF04");
        BY_KEY.put("wismo", "WF05");
        BY_KEY.put("fulfillment-exception", "WF06");
        BY_KEY.put(DAILY_CLOSEOUT, "WF07");
    }

    private Workflows() {}

    static String idOf(String processKey) {
        return BY_KEY.getOrDefault(processKey, "other");
    }
}

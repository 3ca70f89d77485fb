package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.JsonFingerprint;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * everit validates org.json documents; the rest of AutoBiz speaks Jackson. Converting the tree directly is several
 * times cheaper than printing and re-parsing it, and keeps numbers exact.
 */
final class OrgJson {

    private OrgJson() {}

    /**
     * The conversion, and the input's {@link JsonFingerprint} from the same walk into {@code fingerprint[0]}: the
     * kernel needs both for every call, and one walk over the tree costs less than two.
     */
    static Object from(JsonNode node, long[] fingerprint) {
        switch (node.getNodeType()) {
            case OBJECT: {
                JSONObject object = new JSONObject();
                long sum = 0;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    object.put(field.getKey(), from(field.getValue(), fingerprint));
                    sum += JsonFingerprint.entry(field.getKey(), fingerprint[0]);
                }
                fingerprint[0] = JsonFingerprint.object(sum);
                return object;
            }
            case ARRAY: {
                JSONArray array = new JSONArray();
                long h = JsonFingerprint.arrayStart();
                for (JsonNode element : node) {
                    array.put(from(element, fingerprint));
                    h = JsonFingerprint.arrayStep(h, fingerprint[0]);
                }
                fingerprint[0] = h;
                return array;
            }
            default:
                fingerprint[0] = JsonFingerprint.scalar(node);
                return from(node);
        }
    }

    static Object from(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                JSONObject object = new JSONObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    object.put(field.getKey(), from(field.getValue()));
                }
                return object;
            }
            case ARRAY: {
                JSONArray array = new JSONArray();
                for (JsonNode element : node) {
                    array.put(from(element));
                }
                return array;
            }
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
            case MISSING:
                return JSONObject.NULL;
            default:
                throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }
}

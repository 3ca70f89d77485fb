package io.autobiz.kernel.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * everit validates org.json documents; the rest of AutoBiz speaks Jackson. Converting the tree directly is several
 * times cheaper than printing and re-parsing it, and keeps numbers exact.
 */
final class OrgJson {

    private OrgJson() {}

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

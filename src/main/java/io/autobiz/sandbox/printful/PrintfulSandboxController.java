package io.autobiz.sandbox.printful;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.sandbox.printful.PrintfulSandbox.PrintfulError;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Printful v2's HTTP surface for orders; answers wrap their payload in {@code data}, as Printful's do. */
@RestController
@RequestMapping("/sandbox/printful/v2")
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class PrintfulSandboxController {

    private final PrintfulSandbox printful;

    PrintfulSandboxController(PrintfulSandbox printful) {
        this.printful = printful;
    }

    @PostMapping("/orders")
    Map<String, Object> create(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "X-PF-Store-Id", required = false) String store,
            @RequestBody JsonNode order) {
        return Map.of("data", printful.create(storeOf(auth, store), order));
    }

    /** By Printful's ID, or by the store's external ID as {@code @<external_id>}, as at Printful. */
    @GetMapping("/orders/{id}")
    Map<String, Object> get(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "X-PF-Store-Id", required = false) String store,
            @PathVariable String id) {
        String storeId = storeOf(auth, store);
        if (id.startsWith("@")) {
            return Map.of("data", printful.getByExternalId(storeId, id.substring(1)));
        }
        try {
            return Map.of("data", printful.get(storeId, Long.parseLong(id)));
        } catch (NumberFormatException e) {
            throw new PrintfulSandbox.PrintfulError(404, "Order " + id + " not found");
        }
    }

    @PostMapping("/orders/{id}/confirmation")
    Map<String, Object> confirm(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "X-PF-Store-Id", required = false) String store,
            @PathVariable long id) {
        return Map.of("data", printful.confirm(storeOf(auth, store), id));
    }

    @DeleteMapping("/orders/{id}")
    Map<String, Object> cancel(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "X-PF-Store-Id", required = false) String store,
            @PathVariable long id) {
        return Map.of("data", printful.cancel(storeOf(auth, store), id));
    }

    @GetMapping("/orders/{id}/shipments")
    Map<String, Object> shipments(
            @RequestHeader(value = "Authorization", required = false) String auth,
            @RequestHeader(value = "X-PF-Store-Id", required = false) String store,
            @PathVariable long id) {
        return Map.of("data", printful.shipmentsOf(storeOf(auth, store), id));
    }

    @ExceptionHandler(PrintfulError.class)
    ResponseEntity<Map<String, Object>> error(PrintfulError e) {
        return ResponseEntity.status(e.status).body(Map.of("error", Map.of("message", e.getMessage())));
    }

    private static String storeOf(String authorization, String store) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new PrintfulError(401, "Missing bearer token");
        }
        if (store == null || store.isBlank()) {
            throw new PrintfulError(400, "An account-level token needs the X-PF-Store-Id header");
        }
        return store;
    }
}

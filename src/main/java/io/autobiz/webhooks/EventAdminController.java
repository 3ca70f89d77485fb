package io.autobiz.webhooks;

import io.autobiz.inbox.Events;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.security.AdminApiAuthentication;
import io.autobiz.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The held-events runbook's API: {@code GET /admin/tenants/{tenant}/events?status=HELD,FAILED} lists a store's
 * events (never their payloads); {@code POST /admin/tenants/{tenant}/events/{eventId}/release} sends a held, failed,
 * unmatched or unsubscribed event back to the processor, which then delivers it without holding it again.
 */
@RestController
class EventAdminController {

    private static final Logger log = LoggerFactory.getLogger(EventAdminController.class);

    private final TenantDirectory tenants;
    private final Events events;
    private final EventPoller poller;

    EventAdminController(TenantDirectory tenants, Events events, EventPoller poller) {
        this.tenants = tenants;
        this.events = events;
        this.poller = poller;
    }

    @GetMapping("/admin/tenants/{tenant}/events")
    ResponseEntity<Map<String, Object>> list(
            @PathVariable String tenant,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (!tenants.isKnown(tenant)) {
            return unknownStore();
        }
        Set<Events.Status> states;
        try {
            states = status == null || status.isBlank() ? Events.RELEASABLE : parse(status);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "error",
                            "invalid_status",
                            "message",
                            "status is a comma-separated list of " + EnumSet.allOf(Events.Status.class)));
        }
        int bounded = Math.max(1, Math.min(limit, 1000));
        return ResponseEntity.ok(Map.of("events", events.list(TenantId.of(tenant), states, bounded)));
    }

    @PostMapping("/admin/tenants/{tenant}/events/{eventId}/release")
    ResponseEntity<Map<String, Object>> release(
            @PathVariable String tenant, @PathVariable String eventId, HttpServletRequest request) {
        if (!tenants.isKnown(tenant)) {
            return unknownStore();
        }
        TenantId store = TenantId.of(tenant);
        if (!events.release(store, eventId)) {
            return ResponseEntity.status(409)
                    .body(Map.of(
                            "error",
                            "not_releasable",
                            "message",
                            "no event with that ID in this store is " + Events.RELEASABLE));
        }
        log.warn(
                "event {} of {} released by {}",
                eventId,
                tenant,
                request.getAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE));
        poller.wake(store);
        return ResponseEntity.ok(Map.of("eventId", eventId, "status", Events.Status.RECEIVED));
    }

    private static Set<Events.Status> parse(String text) {
        Set<Events.Status> states = EnumSet.noneOf(Events.Status.class);
        for (String part : text.split(",")) {
            states.add(Events.Status.valueOf(part.trim().toUpperCase(Locale.ROOT)));
        }
        return states;
    }

    private static ResponseEntity<Map<String, Object>> unknownStore() {
        return ResponseEntity.status(404).body(Map.of("error", "unknown_tenant", "message", "no such store"));
    }
}

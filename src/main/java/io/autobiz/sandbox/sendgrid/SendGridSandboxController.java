package io.autobiz.sandbox.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxAccounts;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SendGridSandboxController {

    private final SendGridSandbox sendgrid;
    private final SandboxAccounts accounts;
    private final Clock clock;

    SendGridSandboxController(SendGridSandbox sendgrid, SandboxAccounts accounts, Clock clock) {
        this.sendgrid = sendgrid;
        this.accounts = accounts;
        this.clock = clock;
    }

    @PostMapping("/sandbox/sendgrid/v3/mail/send")
    ResponseEntity<Object> send(
            @RequestHeader(value = "Authorization", required = false) String auth, @RequestBody JsonNode mail) {
        // The account is the one whose API key this is, as at SendGrid.
        TenantId store = auth == null || !auth.startsWith("Bearer ")
                ? null
                : accounts.byKey("sendgrid", "api_key", auth.substring("Bearer ".length()))
                        .orElse(null);
        if (store == null) {
            return ResponseEntity.status(401)
                    .body(Map.of("errors", List.of(Map.of("message", "authorization required", "field", ""))));
        }
        JsonNode personalizations = mail.path("personalizations");
        if (!personalizations.isArray()
                || personalizations.isEmpty()
                || mail.path("from").path("email").isMissingNode()) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "errors",
                            List.of(Map.of(
                                    "message",
                                    "The personalizations and from fields are required",
                                    "field",
                                    "personalizations"))));
        }
        boolean sandboxMode =
                mail.path("mail_settings").path("sandbox_mode").path("enable").asBoolean(false);
        String messageId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("messageId", messageId);
        recorded.put("at", clock.instant().toString());
        recorded.put(
                "to", personalizations.get(0).path("to").get(0).path("email").asText());
        recorded.put("templateId", mail.path("template_id").asText(""));
        recorded.put("data", personalizations.get(0).path("dynamic_template_data"));
        recorded.put("customArgs", mail.path("custom_args"));
        recorded.put("sandboxMode", sandboxMode);
        recorded.put("delivered", false);
        sendgrid.record(store, recorded);
        return ResponseEntity.status(sandboxMode ? 200 : 202)
                .header("X-Message-Id", messageId)
                .build();
    }
}

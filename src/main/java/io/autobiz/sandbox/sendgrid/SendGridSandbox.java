package io.autobiz.sandbox.sendgrid;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The mails the sandbox was asked to send, per store and in order, kept in {@link SandboxObjects}. */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SendGridSandbox {

    private static final String MAIL = "sendgrid.mail";

    private final SandboxObjects objects;

    public SendGridSandbox(SandboxObjects objects) {
        this.objects = objects;
    }

    void record(TenantId store, Map<String, Object> mail) {
        objects.inStore(store, account -> {
            account.insert(MAIL, (String) mail.get("messageId"), null, mail);
            return null;
        });
    }

    /** Every store's mails, each store's in the order they were sent. */
    public List<Map<String, Object>> mails() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (TenantId store : objects.stores()) {
            all.addAll(objects.inStore(store, account -> account.all(MAIL)));
        }
        return all;
    }
}

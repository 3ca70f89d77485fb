package io.autobiz.sandbox.sendgrid;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The mails the sandbox was asked to send, in order. */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SendGridSandbox {

    private final List<Map<String, Object>> mails = new CopyOnWriteArrayList<>();

    void record(Map<String, Object> mail) {
        mails.add(mail);
    }

    public List<Map<String, Object>> mails() {
        return List.copyOf(mails);
    }
}

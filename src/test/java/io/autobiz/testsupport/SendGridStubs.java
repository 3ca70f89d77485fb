package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/** SendGrid's mail send as the workflow ITs stub it on {@link ProviderStubs}' server. */
public final class SendGridStubs {

    public static final String MAIL_SEND = "/sendgrid/v3/mail/send";

    private SendGridStubs() {}

    /** {@code sendgrid.mail.send}: every mail is accepted as {@code messageId}. */
    public static MappingBuilder accepted(String messageId) {
        return post(urlEqualTo(MAIL_SEND))
                .willReturn(aResponse().withStatus(200).withHeader("X-Message-Id", messageId));
    }

    /** What reached SendGrid as a mail. */
    public static RequestPatternBuilder mails() {
        return postRequestedFor(urlEqualTo(MAIL_SEND));
    }

    /** What reached SendGrid as a mail of the dynamic template {@code templateId}. */
    public static RequestPatternBuilder mailsOf(String templateId) {
        return mails().withRequestBody(containing(templateId));
    }
}

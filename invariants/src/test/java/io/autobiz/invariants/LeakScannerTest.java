package io.autobiz.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What SOAK-INV-06 counts as a leak, and what it does not. */
@Unit
class LeakScannerTest {

    private final LeakScanner scanner = new LeakScanner(List.of("it-fake-secret-1"), List.of("Jane Doe", "Al"));

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-06 an address in the clear, a key shape, a given secret or known name is a leak")
    void leaks() {
        assertThat(scanner.scan("mail to jane.doe+x@mail.example.org")).containsExactly("e-mail address in the clear");
        assertThat(scanner.scan("key " + "sk_" + "live_itfake1234567890")).containsExactly("secret (stripe_key)");
        assertThat(scanner.scan("token it-fake-secret-1")).containsExactly("secret value #1 of the inputs");
        assertThat(scanner.scan("ship to JANE DOE")).containsExactly("personal data #1 of the inputs");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-06 a masked address, a tool ID and a short known value are not leaks")
    void notLeaks() {
        assertThat(scanner.scan("mail to j***@example.com")).isEmpty();
        assertThat(scanner.scan("stripe.refund.create@1 was approved")).isEmpty();
        assertThat(scanner.scan("Albert is not Al's concern")).isEmpty();
        assertThat(scanner.scan(null)).isEmpty();
    }

    @Test
    @DisplayName(
            "P1-TASK-32 SOAK-INV-06 a provider's published address in its SDK's error text is no leak; a customer's beside it is")
    void providersPublishedAddresses() {
        String stripeTimeout = "IOException during API request to Stripe (https://api.stripe.com): Read timed out"
                + " Please check your internet connection and try again. If this problem persists,you should check"
                + " Stripe's service status at https://twitter.com/stripestatus, or let us know at support@stripe.com.";
        assertThat(scanner.scan(stripeTimeout)).isEmpty();
        assertThat(scanner.scan(stripeTimeout + " order of jane.doe@mail.example.org"))
                .containsExactly("e-mail address in the clear");
    }
}

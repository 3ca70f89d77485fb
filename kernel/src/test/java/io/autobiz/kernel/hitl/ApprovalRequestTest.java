package io.autobiz.kernel.hitl;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.testing.stage.Unit;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Unit
class ApprovalRequestTest {

    @ParameterizedTest(name = "{0} minor units of {1} read {2}")
    @CsvSource({"2500, USD, 25.00", "2500, JPY, 2500", "1234, BHD, 1.234", "2500, XYZ, 25.00", "5, EUR, 0.05"})
    @DisplayName("P1-T16 the approver sees the amount in the currency's own major units")
    void amountInMajorUnits(long minor, String currency, String shown) {
        assertThat(aRequest(minor, currency).amountInMajorUnits()).contains(shown);
    }

    private static ApprovalRequest aRequest(long minor, String currency) {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        return new ApprovalRequest(
                "r-1",
                TenantId.of("acme"),
                "run-1",
                new ToolId("test.refund", 1),
                "0".repeat(64),
                minor,
                currency,
                null,
                ApprovalStatus.PENDING,
                null,
                now.plusSeconds(60),
                null,
                null,
                null,
                now,
                null,
                null);
    }
}

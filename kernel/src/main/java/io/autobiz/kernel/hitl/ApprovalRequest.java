package io.autobiz.kernel.hitl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;

/**
 * A request for a person's approval of one tool call with exactly these arguments.
 *
 * @param id the request's ID (a UUID)
 * @param tenant the store; only its approvers may decide
 * @param runId the run (process instance) that will make the call
 * @param tool the tool the approval is for
 * @param argumentsSha256 SHA-256 of the canonical JSON of the call's input: the call must present the same arguments
 * @param amountMinor the amount of money the call moves, if it moves any
 * @param currency the amount's ISO 4217 code, if known
 * @param reason why the call needs approval, shown to the approver
 * @param status where it stands
 * @param taskId the user task that asks for it, once created
 * @param expiresAt when it times out
 * @param approverId who decided: the authenticated user, never a value from the process
 * @param comment the approver's comment
 * @param decidedAt when it was decided or timed out
 * @param createdAt when it was requested
 * @param facts what the run will act on after the decision (order, recipient, amount, payment...), by variable name:
 *     what the approver saw; on the decision they are written back over the run's variables, so a later step acts on
 *     what was approved and not on what someone set since. An empty object when the diagram declares none
 * @param requestedBy the principal who started the run that asks (a REST user, {@code demo}, {@code webhook:shopify});
 *     null when unknown. Unless the store allows self-approval, they may not decide it
 */
@KernelApi
public record ApprovalRequest(
        String id,
        TenantId tenant,
        String runId,
        ToolId tool,
        String argumentsSha256,
        Long amountMinor,
        String currency,
        String reason,
        ApprovalStatus status,
        String taskId,
        Instant expiresAt,
        String approverId,
        String comment,
        Instant decidedAt,
        Instant createdAt,
        ObjectNode facts,
        String requestedBy) {

    public ApprovalRequest {
        facts = facts == null ? Json.object() : facts.deepCopy();
    }

    @Override
    public ObjectNode facts() {
        return facts.deepCopy();
    }

    public Optional<Long> amount() {
        return Optional.ofNullable(amountMinor);
    }

    /**
     * The amount as people read it, in major units with the currency's own number of decimals (2 when the currency is
     * unknown): {@code 2500} USD is {@code 25.00}, {@code 2500} JPY is {@code 2500}. Tasklist and Slack show this.
     */
    public Optional<String> amountInMajorUnits() {
        return amount().map(minor -> {
            int digits = 2;
            if (currency != null) {
                try {
                    digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
                } catch (IllegalArgumentException unknownCurrency) {
                    digits = 2;
                }
            }
            return BigDecimal.valueOf(minor, digits).toPlainString();
        });
    }

    /** Whether this person asked for it: the request's own principal, compared exactly. */
    public boolean requestedBy(String principal) {
        return requestedBy != null && requestedBy.equals(principal);
    }

    public boolean approvesExactly(ToolId call, String sha256) {
        return status == ApprovalStatus.APPROVED && tool.equals(call) && argumentsSha256.equals(sha256);
    }
}

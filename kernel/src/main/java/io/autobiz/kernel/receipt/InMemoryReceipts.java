package io.autobiz.kernel.receipt;

import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Receipts in memory, chained like {@link JdbcReceipts} but not encrypted and not durable: for unit tests and
 * benchmarks of the pipeline only.
 */
public final class InMemoryReceipts implements Receipts {

    private final List<Receipt> receipts = new ArrayList<>();
    private final Clock clock;

    public InMemoryReceipts(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Receipt append(NewReceipt draft) {
        Receipt last = receipts.stream()
                .filter(r -> r.tenantId().equals(draft.tenant().value()))
                .reduce((a, b) -> b)
                .orElse(null);
        FinancialReceipt money = draft.financial();
        Receipt unhashed = new Receipt(
                UUID.randomUUID().toString(),
                draft.tenant().value(),
                last == null ? 1 : last.chainSeq() + 1,
                draft.executionId(),
                draft.correlationId(),
                draft.tool(),
                draft.sideEffect(),
                draft.internalKey(),
                draft.externalKey(),
                draft.providerObjectId(),
                CanonicalJson.canonicalize(draft.request()),
                CanonicalJson.canonicalize(draft.response()),
                money == null ? null : money.amountMinor(),
                money == null ? null : money.currency(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                last == null ? null : last.hash(),
                null);
        Receipt receipt = unhashed.inChain(unhashed.chainSeq(), unhashed.prevHash(), JdbcReceipts.hashOf(unhashed));
        receipts.add(receipt);
        return receipt;
    }

    @Override
    public synchronized Optional<Receipt> find(TenantId tenant, String receiptId) {
        return receipts.stream()
                .filter(r ->
                        r.tenantId().equals(tenant.value()) && r.receiptId().equals(receiptId))
                .findFirst();
    }

    public synchronized List<Receipt> all() {
        return List.copyOf(receipts);
    }
}

package io.autobiz.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.evidence.EvidenceVerifier;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The soak's invariant checker (issue 18, seed task P1-TASK-32). It runs at the end of a soak, or any time, and reads
 * only what the platform leaves behind: AutoBiz's tables, the receipts, the in-process sandboxes' ledgers
 * ({@code sandbox_objects}, V67) and the Camunda engine's own tables. It never asks the application and never reads the
 * application's counters (metrics are read only for their label values). It only reads: every store's rows in a
 * transaction of their own whose tenant context is that store (the tables are under forced row-level security, so even
 * the owner sees a store's rows only so), rolled back at the end.
 *
 * <p>The stores are those the engine knows: its tenants (ACT_ID_TENANT, as provisioning creates them) and every run's
 * store (the run's tenant ID, or its {@code tenantId} variable for runs started without one). A store with no engine
 * tenant and no run is not seen. A database without AutoBiz's tables is refused (an exception); one without the
 * engine's tables fails SOAK-INV-03, since no run and no store can be seen there: an empty check is not a pass.
 *
 * <p>The invariants and what "an intended effect" is in each ledger:
 *
 * <dl>
 *   <dt>SOAK-INV-01 exactly one effect per intended effect
 *   <dd>Per store: at most one receipt per idempotency key (the kernel's internal key is the hash of the tool and its
 *       intent fields, so two receipts with one key are one intent executed twice); at most one captured Stripe
 *       PaymentIntent per order (metadata {@code order_id} or {@code shopify_order}); at most one successful capture
 *       answered per PaymentIntent in the sandbox's ledger of idempotent requests (a second key capturing the same
 *       intent again); at most one Stripe refund per refund reference (metadata {@code reference}, part of the refund's
 *       intent); at most one Printful order per external ID (one per Shopify order); at most one SendGrid mail per
 *       kernel key ({@code custom_args.autobiz_key}: the mail's intent is recipient, template and reference); at most
 *       one Slack message per channel with the same text and blocks (a post names what it is about, so the same post
 *       twice in a channel is one intent posted twice).
 *   <dt>SOAK-INV-02 events received = stored = processed
 *   <dd>Every stored event reached an end state: PROCESSED, IGNORED (no workflow acts on it), HANDED_OFF (a synchronous
 *       handler took it) or RECONCILE with the reconciliation row that explains it; RECEIVED, HELD, UNMATCHED,
 *       NO_SUBSCRIBER or FAILED at the end is an event not processed. None processed twice: no two runs of a store
 *       carry the same {@code eventId}, and no store has two WF01 runs for one order (business key). That received equals
 *       stored is the harness's part: it compares the unique deliveries it sent with {@code examined}.
 *   <dt>SOAK-INV-03 every run ended or waiting for a person
 *   <dd>No open incident; no job without retries; no job overdue by more than {@link #STUCK_AFTER} and not locked by a
 *       job executor; no suspended run; no running run that waits for nothing (no user task, message or signal
 *       subscription, timer or external task); no run deleted or terminated from outside. A run waiting for a message
 *       or a timer that is not overdue waits for the world, not for the platform, and is not stuck.
 *   <dt>SOAK-INV-04 every FINANCIAL effect matched by an approval of exactly its arguments
 *   <dd>Every FINANCIAL receipt has an APPROVED request of the same store, run and tool with the receipt's amount and
 *       currency (where both name one), decided before the receipt was written, and, where the trace line of the
 *       receipt kept its input whole, whose arguments hash ({@link Approvals#argumentsSha256}) is that input's. Every refund in the Stripe
 *       sandbox's ledger has such a receipt of the same amount (money that left without an approved call has none).
 *   <dt>SOAK-INV-05 every store's receipt chain verifies
 *   <dd>The kernel's {@link EvidenceVerifier}: the receipt chain (hash, link, numbering, head), and with it the state
 *       versions, the credential audit trail and the security incidents.
 *   <dt>SOAK-INV-06 no PII or secret in any trace, log line or metric label
 *   <dd>Traces (principal, detail, input, output, error code), trace archives (uncompressed), the given log files, and
 *       the label values of the given metric scrapes hold no secret of a shape the kernel's scanner knows, no given
 *       secret value, no given personal data and no e-mail address in the clear (a masked {@code j***@example.com} is
 *       not).
 *   <dt>SOAK-INV-07 no cross-store row
 *   <dd>Every row that names a run (traces, receipts, approvals, run ledger, state versions, idempotency records)
 *       belongs to that run's store; a trace's receipt is in the trace's store; a reconciliation row's event is in its
 *       store; a sandbox refund's PaymentIntent is in its store.
 *   <dt>SOAK-INV-08 reconciliation drift resolved or owned
 *   <dd>Every reconciliation row is REPAIRED, DISMISSED or RESOLVED_BY_OPERATOR (resolved), or AWAITING_APPROVAL with
 *       the closeout approval that holds it ({@code approval_ref}), or names the person who took it ({@code
 *       decided_by}), or is a non-financial REPAIR_FAILED decided by {@code autobiz:reconciliation} (every pass tries
 *       it again). Financial AWAITING_APPROVAL that no closeout took up yet (a scheduled pass found it) is owned by the
 *       store's next daily closeout only while the engine holds that closeout's start timer and it is not overdue.
 *       Anything else (OPEN, APPROVAL_TIMED_OUT, a REPAIR_FAILED nobody retries or holds, unclaimed drift with no
 *       closeout coming) is drift nobody owns.
 * </dl>
 *
 * <p>Success rate per workflow: a run succeeded when it completed, or is running and waiting (for a person, a message,
 * a timer), and none of the following holds: it has an SOAK-INV-03 problem (incident, stuck job, suspended, waits for
 * nothing, deleted), or it went through an error end event, or through an error start event (the kernel stopped it for
 * a bound or a loop). Every run in the history counts once; the bound is the 95% Wilson score lower bound.
 */
public final class InvariantChecker {

    /** The most offenders listed per invariant; one more line says how many there were. */
    public static final int MAX_OFFENDERS = 50;

    /** How long past its due time a job may wait before it counts as stuck (a busy job executor is not stuck). */
    public static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    /** The kernel's default idempotency window: a key is claimed again only after it. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    /** set_tenant_context's own check of a store ID (V22). */
    private static final Pattern STORE_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");

    private static final Set<String> EVENT_DONE = Set.of("PROCESSED", "IGNORED", "HANDED_OFF");
    /** Who the reconciliation module records as the decider of what it did by itself. */
    private static final String AUTOMATIC = "autobiz:reconciliation";

    private static final Set<String> DRIFT_RESOLVED = Set.of("REPAIRED", "DISMISSED", "RESOLVED_BY_OPERATOR");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * Labels whose values the metrics library writes (a histogram's bucket bound, a summary's quantile), numbers
     * that can read as a card number; the application's data never goes there.
     */
    private static final Set<String> LIBRARY_LABELS = Set.of("le", "quantile");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource owner;
    private final CheckerInputs inputs;
    private final Clock clock;

    /** @param ownerDataSource a connection as the schema owner (sees every store; the checker only reads) */
    public InvariantChecker(DataSource ownerDataSource, CheckerInputs inputs) {
        this(ownerDataSource, inputs, Clock.systemUTC());
    }

    InvariantChecker(DataSource ownerDataSource, CheckerInputs inputs, Clock clock) {
        this.owner = Objects.requireNonNull(ownerDataSource);
        this.inputs = Objects.requireNonNull(inputs);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Never throws for a failed invariant; throws only if it cannot read. */
    public InvariantReport check() {
        Instant now = clock.instant();
        LeakScanner scanner = new LeakScanner(inputs.secretValues(), inputs.personalData());
        Engine engine;
        Map<String, StoreRows> stores = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        try (Connection connection = owner.getConnection()) {
            connection.setReadOnly(true);
            if (!Engine.tableExists(connection, "event_store") || !Engine.tableExists(connection, "receipts")) {
                throw new IllegalStateException("the database has no AutoBiz tables (event_store, receipts): is the"
                        + " URL the application's database?");
            }
            engine = Engine.read(connection, now, STUCK_AFTER, scanner);
            for (String store : engine.stores) {
                if (STORE_ID.matcher(store).matches()) {
                    stores.put(store, StoreRows.read(connection, store, scanner));
                } else {
                    unreadable.add(store);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the invariant checker cannot read the database: " + e.getMessage(), e);
        }
        List<InvariantResult> results = new ArrayList<>();
        results.add(effects(stores));
        results.add(events(stores, engine));
        results.add(runs(engine));
        results.add(approvals(stores));
        results.add(chains(stores));
        results.add(leaks(stores, scanner));
        results.add(crossStore(stores, engine, unreadable));
        results.add(drift(stores, engine, now));
        return new InvariantReport(now, results, rates(engine));
    }

    // SOAK-INV-01

    private InvariantResult effects(Map<String, StoreRows> stores) {
        Offenders offenders = new Offenders();
        long examined = 0;
        for (StoreRows rows : stores.values()) {
            String store = rows.store;
            Map<String, List<StoreRows.Receipt>> byKey = new LinkedHashMap<>();
            for (StoreRows.Receipt receipt : rows.receipts) {
                examined++;
                byKey.computeIfAbsent(receipt.tool() + " " + receipt.internalKey(), k -> new ArrayList<>())
                        .add(receipt);
            }
            byKey.forEach((key, found) -> {
                if (repeatedWithinWindow(found)) {
                    List<String> named = new ArrayList<>();
                    found.forEach(r -> named.add("receipts " + r.id() + " (run " + r.runId() + ")"));
                    offenders.add("store " + store + ": one intended effect (" + key.split(" ")[0]
                            + ", idempotency key " + key.split(" ")[1].substring(0, 12) + "...) has " + found.size()
                            + " receipts: " + String.join(", ", named));
                }
            });
            Instant now = clock.instant();
            for (StoreRows.Claim claim : rows.inFlight) {
                examined++;
                if (claim.leaseUntil().isBefore(now)) {
                    offenders.add("idempotency_records " + claim.internalKey().substring(0, 12) + "... (store " + store
                            + ", run " + claim.runId() + ", " + claim.tool() + ") is still IN_FLIGHT after its lease"
                            + " ended at " + claim.leaseUntil() + ": whether its effect happened is unknown");
                }
            }
            Map<String, Map<String, List<String>>> ledgers = new LinkedHashMap<>();
            for (StoreRows.LedgerObject object : rows.ledger) {
                JsonNode body = object.body();
                String what = null;
                String key = null;
                switch (object.kind()) {
                    case "stripe.payment_intent" -> {
                        if ("succeeded".equals(body.path("status").asText())
                                || body.path("amount_received").asLong(0) > 0) {
                            what = "charge (captured PaymentIntent) of order";
                            key = text(body.path("metadata").path("order_id"))
                                    .orElse(text(body.path("metadata").path("shopify_order"))
                                            .orElse(null));
                        }
                    }
                    case "stripe.idempotent_request" -> {
                        JsonNode answer = body.path("body");
                        if (body.path("status").asInt() / 100 == 2
                                && "payment_intent".equals(answer.path("object").asText())
                                && "succeeded".equals(answer.path("status").asText())) {
                            what = "charge (successful capture answered) of PaymentIntent";
                            key = text(answer.path("id")).orElse(null);
                        }
                    }
                    case "stripe.refund" -> {
                        what = "Stripe refund of reference";
                        key = text(body.path("metadata").path("reference")).orElse(null);
                    }
                    case "printful.order" -> {
                        what = "Printful order of external ID";
                        key = object.ref();
                    }
                    case "sendgrid.mail" -> {
                        what = "mail of kernel key";
                        key = text(body.path("customArgs").path("autobiz_key")).orElse(null);
                    }
                    case "slack.message" -> {
                        what = "Slack post in channel " + body.path("channel").asText() + " with the same text as";
                        key = body.path("text").asText() + "|" + body.path("blocks");
                    }
                    default -> {}
                }
                examined++;
                if (what == null || key == null || key.isEmpty()) {
                    continue;
                }
                ledgers.computeIfAbsent(what, k -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add("sandbox_objects " + object.kind() + " " + object.id());
            }
            ledgers.forEach((what, byIntent) -> byIntent.forEach((key, found) -> {
                if (found.size() > 1) {
                    String named = what.startsWith("Slack") ? found.get(0) : key;
                    offenders.add("store " + store + ": " + found.size() + " effects for one intended " + what + " "
                            + named + ": " + String.join(", ", found));
                }
            }));
        }
        return offenders.result(
                "SOAK-INV-01",
                "exactly one effect per intended effect (receipts per idempotency key; sandbox ledgers: charges,"
                        + " captures, refunds, Printful orders, mails, Slack posts)",
                examined);
    }

    /**
     * Two receipts of one idempotency key less than {@link #IDEMPOTENCY_WINDOW} apart: the kernel may claim a key
     * again only once its window expired, so closer than that they are one intent executed twice.
     */
    private static boolean repeatedWithinWindow(List<StoreRows.Receipt> receipts) {
        for (int i = 1; i < receipts.size(); i++) {
            Duration apart = Duration.between(
                            receipts.get(i - 1).createdAt(), receipts.get(i).createdAt())
                    .abs();
            if (apart.compareTo(IDEMPOTENCY_WINDOW) < 0) {
                return true;
            }
        }
        return false;
    }

    // SOAK-INV-02

    private InvariantResult events(Map<String, StoreRows> stores, Engine engine) {
        Offenders offenders = new Offenders();
        long examined = 0;
        for (StoreRows rows : stores.values()) {
            Set<String> explained = new java.util.HashSet<>();
            rows.drifts.stream()
                    .map(StoreRows.Drift::eventId)
                    .filter(Objects::nonNull)
                    .forEach(explained::add);
            for (StoreRows.Event event : rows.events) {
                examined++;
                String named = "event_store " + event.id() + " (store " + rows.store + ", " + event.source() + " "
                        + event.type() + ", entity " + event.entityId() + ")";
                if ("RECONCILE".equals(event.status())) {
                    if (!explained.contains(event.id())) {
                        offenders.add(named + " is RECONCILE but no reconciliation row names it");
                    }
                } else if (!EVENT_DONE.contains(event.status())) {
                    offenders.add(named + " was stored but not processed: it is " + event.status());
                }
            }
        }
        Map<String, List<String>> runsPerEvent = new TreeMap<>();
        engine.eventIds.forEach((run, ids) -> ids.stream()
                .distinct()
                .forEach(id ->
                        runsPerEvent.computeIfAbsent(id, k -> new ArrayList<>()).add(run)));
        runsPerEvent.forEach((event, runs) -> {
            if (runs.size() > 1) {
                offenders.add("event_store " + event + " was processed " + runs.size() + " times: "
                        + describeRuns(engine, runs));
            }
        });
        Map<String, List<String>> fulfilmentsPerOrder = new TreeMap<>();
        engine.runs.values().stream()
                .filter(run -> "order-fulfill".equals(run.processKey()) && run.businessKey() != null)
                .forEach(run -> fulfilmentsPerOrder
                        .computeIfAbsent(run.store() + " " + run.businessKey(), k -> new ArrayList<>())
                        .add(run.id()));
        fulfilmentsPerOrder.forEach((order, runs) -> {
            if (runs.size() > 1) {
                offenders.add("the paid order " + order.substring(order.indexOf(' ') + 1) + " of store "
                        + order.substring(0, order.indexOf(' ')) + " was processed " + runs.size() + " times: "
                        + describeRuns(engine, runs));
            }
        });
        return offenders.result(
                "SOAK-INV-02",
                "events received = stored = processed (none left unprocessed, none processed twice)",
                examined);
    }

    private static String describeRuns(Engine engine, List<String> runs) {
        List<String> named = new ArrayList<>();
        for (String id : runs) {
            Engine.Run run = engine.runs.get(id);
            named.add(run == null ? "run " + id : run.describe());
        }
        return String.join(", ", named);
    }

    // SOAK-INV-03

    private InvariantResult runs(Engine engine) {
        Offenders offenders = new Offenders();
        if (!engine.present()) {
            // Without the engine's tables there are no runs and no stores: nothing could be checked, which is no pass.
            offenders.add("the database has no engine tables (ACT_HI_PROCINST): no run and no store can be checked");
        }
        for (Engine.Run run : engine.runs.values()) {
            problems(engine, run).forEach(problem -> offenders.add(run.describe() + ": " + problem));
        }
        Set<String> known = engine.runs.keySet();
        engine.trouble.forEach((id, problems) -> {
            if (!known.contains(id)) {
                problems.forEach(problem -> offenders.add("run " + id + " (not in the history): " + problem));
            }
        });
        return offenders.result(
                "SOAK-INV-03",
                "every run ended or waiting (for a person, a message or a timer): no incident, no stuck job",
                engine.runs.size());
    }

    /** What SOAK-INV-03 finds wrong with a run; empty when it ended normally or waits. */
    private static List<String> problems(Engine engine, Engine.Run run) {
        List<String> problems = new ArrayList<>(engine.trouble.getOrDefault(run.id(), List.of()));
        if (run.running()) {
            if ("SUSPENDED".equals(run.state())) {
                problems.add("is suspended");
            } else if (problems.isEmpty() && !engine.waiting.contains(run.id())) {
                problems.add("is running but waits for nothing (no user task, subscription, timer or job)");
            }
        } else if (run.state() != null && run.state().endsWith("_TERMINATED")) {
            String reason = run.deleteReason() == null ? "" : ": " + shorten(run.deleteReason());
            problems.add("was " + run.state().toLowerCase(Locale.ROOT).replace('_', ' ') + reason);
        }
        return problems;
    }

    // SOAK-INV-04

    private InvariantResult approvals(Map<String, StoreRows> stores) {
        Offenders offenders = new Offenders();
        long examined = 0;
        for (StoreRows rows : stores.values()) {
            Map<String, StoreRows.Receipt> financialByObject = new HashMap<>();
            for (StoreRows.Receipt receipt : rows.receipts) {
                if (!"FINANCIAL".equals(receipt.sideEffect())) {
                    continue;
                }
                examined++;
                if (receipt.providerObjectId() != null) {
                    financialByObject.put(receipt.providerObjectId(), receipt);
                }
                String named = "receipts " + receipt.id() + " (store " + rows.store + ", run " + receipt.runId() + ", "
                        + receipt.tool() + ", " + receipt.amountMinor() + " " + receipt.currency() + ")";
                List<StoreRows.Approval> approved = rows.approvals.stream()
                        .filter(a -> "APPROVED".equals(a.status())
                                && Objects.equals(a.runId(), receipt.runId())
                                && Objects.equals(a.tool(), receipt.tool()))
                        .toList();
                if (approved.isEmpty()) {
                    offenders.add(named + ": no approved request for " + receipt.tool() + " in its run");
                    continue;
                }
                String argsSha256 = argumentsSha256(receipt, rows.financialInputs.get(receipt.id()));
                boolean matched = approved.stream().anyMatch(a -> matches(a, receipt, argsSha256));
                if (!matched) {
                    List<String> seen = new ArrayList<>();
                    approved.forEach(a -> seen.add("hitl_requests " + a.id() + " approved " + a.amountMinor() + " "
                            + a.currency()
                            + (argsSha256 != null && !argsSha256.equals(a.argsSha256()) ? " for other arguments" : "")
                            + (a.decidedAt() != null && a.decidedAt().isAfter(receipt.createdAt())
                                    ? " after the effect"
                                    : "")));
                    offenders.add(named + ": no approval of exactly its arguments; " + String.join("; ", seen));
                }
            }
            for (StoreRows.LedgerObject object : rows.ledger) {
                if (!"stripe.refund".equals(object.kind())) {
                    continue;
                }
                examined++;
                long amount = object.body().path("amount").asLong();
                StoreRows.Receipt receipt = financialByObject.get(object.id());
                String named = "sandbox_objects stripe.refund " + object.id() + " (store " + rows.store
                        + ", PaymentIntent " + object.ref() + ", " + amount + " "
                        + object.body().path("currency").asText() + ")";
                if (receipt == null) {
                    offenders.add(named + ": money left with no FINANCIAL receipt, so no approved call made it");
                } else if (!Objects.equals(receipt.amountMinor(), amount)) {
                    offenders.add(named + ": its receipt " + receipt.id() + " says " + receipt.amountMinor());
                }
            }
        }
        return offenders.result(
                "SOAK-INV-04",
                "every FINANCIAL effect matched by an approval of exactly its arguments (receipts and the Stripe"
                        + " sandbox's refunds)",
                examined);
    }

    private static boolean matches(StoreRows.Approval approval, StoreRows.Receipt receipt, String argsSha256) {
        boolean currency = unknownCurrency(receipt.currency())
                || unknownCurrency(approval.currency())
                || receipt.currency().equalsIgnoreCase(approval.currency());
        return Objects.equals(approval.amountMinor(), receipt.amountMinor())
                && currency
                && (approval.decidedAt() == null || !approval.decidedAt().isAfter(receipt.createdAt()))
                && (argsSha256 == null || argsSha256.equals(approval.argsSha256()));
    }

    /** A currency nobody named ({@code XXX} is the receipt's "none given"): the amount and the hash still bind. */
    private static boolean unknownCurrency(String currency) {
        return currency == null || currency.isBlank() || "XXX".equalsIgnoreCase(currency);
    }

    /**
     * The hash the approval of this receipt's call must carry, from the input its trace line kept; null when the line
     * is missing or the redaction masked or omitted a value (then amount, currency, run and tool are what is matched).
     */
    private static String argumentsSha256(StoreRows.Receipt receipt, String traceInput) {
        if (traceInput == null
                || traceInput.contains("[omitted]")
                || traceInput.contains("***")
                || traceInput.contains("[REDACTED")
                || traceInput.contains("\"rejected\"")) {
            return null;
        }
        try {
            return Approvals.argumentsSha256(ToolId.parse(receipt.tool()), JSON.readTree(traceInput));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    // SOAK-INV-05

    private InvariantResult chains(Map<String, StoreRows> stores) {
        Offenders offenders = new Offenders();
        long examined = 0;
        // Verifying needs no key (the hashes cover the sealed form); JdbcReceipts wants a box all the same.
        byte[] unusedKey = new byte[32];
        new SecureRandom().nextBytes(unusedKey);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TenantJdbc jdbc = new TenantJdbc(owner);
        JdbcReceipts receipts =
                new JdbcReceipts(jdbc, new SecretBox(KeyRing.of(Map.of("unused", unusedKey), "unused")), meters, clock);
        EvidenceVerifier verifier = new EvidenceVerifier(jdbc, receipts, meters);
        for (String store : stores.keySet()) {
            EvidenceVerifier.Report report = verifier.verify(TenantId.of(store));
            for (EvidenceVerifier.Check check : report.checks()) {
                examined += check.checked();
                check.firstBreak()
                        .ifPresent(broken -> offenders.add("store " + store + " " + check.kind() + ": "
                                + ("receipts".equals(check.kind()) ? "receipts " : "row ")
                                + broken.id() + " at #" + broken.position() + ": " + broken.reason()));
            }
        }
        return offenders.result(
                "SOAK-INV-05",
                "every store's receipt chain verifies (and its state versions, credential audit and incident chains)",
                examined);
    }

    // SOAK-INV-06

    private InvariantResult leaks(Map<String, StoreRows> stores, LeakScanner scanner) {
        Offenders offenders = new Offenders();
        long examined = 0;
        for (StoreRows rows : stores.values()) {
            examined += rows.scannedLines;
            rows.leaks.forEach(offenders::add);
        }
        for (Path file : inputs.logFiles()) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    examined++;
                    for (String kind : scanner.scan(line)) {
                        offenders.add("log " + file + " line " + number + ": " + kind);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the invariant checker cannot read the log file " + file, e);
            }
        }
        for (int i = 0; i < inputs.metricScrapes().size(); i++) {
            String[] lines = inputs.metricScrapes().get(i).split("\n");
            for (String line : lines) {
                int open = line.indexOf('{');
                int close = line.lastIndexOf('}');
                if (line.startsWith("#") || open < 0 || close < open) {
                    continue;
                }
                String metric = line.substring(0, open);
                Matcher label = LABEL.matcher(line.substring(open + 1, close));
                while (label.find()) {
                    if (LIBRARY_LABELS.contains(label.group(1))) {
                        continue;
                    }
                    examined++;
                    for (String kind : scanner.scan(label.group(2))) {
                        offenders.add(
                                "metric scrape #" + (i + 1) + " " + metric + " label " + label.group(1) + ": " + kind);
                    }
                }
            }
        }
        return offenders.result(
                "SOAK-INV-06", "no PII or secret in any trace, trace archive, log line or metric label", examined);
    }

    // SOAK-INV-07

    private InvariantResult crossStore(Map<String, StoreRows> stores, Engine engine, List<String> unreadable) {
        Offenders offenders = new Offenders();
        long examined = 0;
        unreadable.forEach(store -> offenders.add(
                "store " + store + " of the engine is not a valid store ID, so its rows cannot be checked"));
        Map<String, String> receiptStore = new HashMap<>();
        Map<String, String> eventStore = new HashMap<>();
        Map<String, String> intentStore = new HashMap<>();
        for (StoreRows rows : stores.values()) {
            rows.receipts.forEach(r -> receiptStore.put(r.id(), rows.store));
            rows.events.forEach(e -> eventStore.put(e.id(), rows.store));
            rows.ledger.stream()
                    .filter(o -> "stripe.payment_intent".equals(o.kind()))
                    .forEach(o -> intentStore.put(o.id(), rows.store));
        }
        for (StoreRows rows : stores.values()) {
            String store = rows.store;
            for (StoreRows.RunRef ref : rows.runRefs) {
                examined++;
                Engine.Run run = engine.runs.get(ref.runId());
                if (run != null && run.store() != null && !run.store().equals(store)) {
                    offenders.add(ref.table() + " " + ref.row() + " is in store " + store + " but its " + run.describe()
                            + " is in store " + run.store());
                }
            }
            rows.traceReceipts.forEach((trace, receipt) -> {
                String other = receiptStore.get(receipt);
                if (!store.equals(other)) {
                    offenders.add("traces " + trace + " (store " + store + ") names receipts " + receipt
                            + (other == null ? ", which is in no store it can see" : ", which is in store " + other));
                }
            });
            examined += rows.traceReceipts.size();
            for (StoreRows.Drift drift : rows.drifts) {
                if (drift.eventId() == null) {
                    continue;
                }
                examined++;
                String other = eventStore.get(drift.eventId());
                if (!store.equals(other)) {
                    offenders.add("reconciliation " + drift.id() + " (store " + store + ") names event_store "
                            + drift.eventId()
                            + (other == null ? ", which is in no store it can see" : ", which is in store " + other));
                }
            }
            for (StoreRows.LedgerObject object : rows.ledger) {
                if (!"stripe.refund".equals(object.kind()) || object.ref() == null) {
                    continue;
                }
                examined++;
                String other = intentStore.get(object.ref());
                if (!store.equals(other)) {
                    offenders.add("sandbox_objects stripe.refund " + object.id() + " (store " + store
                            + ") refunds PaymentIntent " + object.ref()
                            + (other == null ? ", which is in no store it can see" : ", which is in store " + other));
                }
            }
        }
        return offenders.result(
                "SOAK-INV-07", "no cross-store row (a row's store is its run's and its parent row's store)", examined);
    }

    // SOAK-INV-08

    private InvariantResult drift(Map<String, StoreRows> stores, Engine engine, Instant now) {
        Offenders offenders = new Offenders();
        long examined = 0;
        for (StoreRows rows : stores.values()) {
            Instant nextCloseout = engine.nextCloseout.get(rows.store);
            for (StoreRows.Drift drift : rows.drifts) {
                examined++;
                if (DRIFT_RESOLVED.contains(drift.status()) || owned(drift)) {
                    continue;
                }
                String what = "reconciliation " + drift.id() + " (store " + rows.store + ", "
                        + (drift.financial() ? "financial " : "") + drift.driftKind() + " of " + drift.entityType()
                        + " " + drift.entityId() + ") is " + drift.status();
                if (!awaitsNextCloseout(drift)) {
                    offenders.add(what + " and nobody owns it");
                } else if (nextCloseout == null) {
                    offenders.add(what + " for the next closeout, but the store has no daily closeout scheduled:"
                            + " nobody owns it");
                } else if (nextCloseout.isBefore(now)) {
                    offenders.add(what + " for the next closeout, but that closeout is overdue (due at " + nextCloseout
                            + "): nobody owns it");
                }
            }
        }
        return offenders.result("SOAK-INV-08", "reconciliation drift resolved or owned", examined);
    }

    /**
     * Owned by someone who will take it up: a closeout's approval holds it, a person decided it (a person's REPAIR_FAILED
     * stays theirs), or it is an automatic repair that failed, which every pass tries again while the drift lasts
     * (non-financial only: a pass never repairs financial drift). The system's name alone owns nothing else.
     */
    private static boolean owned(StoreRows.Drift drift) {
        if ("AWAITING_APPROVAL".equals(drift.status()) && drift.approvalRef() != null) {
            return true;
        }
        if (AUTOMATIC.equals(drift.decidedBy())) {
            return "REPAIR_FAILED".equals(drift.status()) && !drift.financial();
        }
        return drift.decidedBy() != null;
    }

    /**
     * Financial drift a scheduled pass found: no closeout took it up yet; the store's next daily closeout will (it takes
     * up every such row), so it is owned while that closeout's timer exists and is not overdue.
     */
    private static boolean awaitsNextCloseout(StoreRows.Drift drift) {
        return "AWAITING_APPROVAL".equals(drift.status()) && drift.financial() && drift.approvalRef() == null;
    }

    // Success rates

    private static List<WorkflowRate> rates(Engine engine) {
        Map<String, long[]> tally = new LinkedHashMap<>();
        Workflows.BY_KEY.keySet().forEach(key -> tally.put(key, new long[2]));
        for (Engine.Run run : engine.runs.values()) {
            long[] counts = tally.computeIfAbsent(String.valueOf(run.processKey()), k -> new long[2]);
            counts[0]++;
            boolean failed = !problems(engine, run).isEmpty() || engine.errorEvents.containsKey(run.id());
            boolean done = !run.running() || engine.waiting.contains(run.id());
            if (!failed && done) {
                counts[1]++;
            }
        }
        List<WorkflowRate> rates = new ArrayList<>();
        tally.forEach((key, counts) -> rates.add(WorkflowRate.of(Workflows.idOf(key), key, counts[0], counts[1])));
        return rates;
    }

    private static java.util.Optional<String> text(JsonNode node) {
        return node.isValueNode() && !node.asText().isEmpty()
                ? java.util.Optional.of(node.asText())
                : java.util.Optional.empty();
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    /** The offenders of one invariant, the first {@link #MAX_OFFENDERS} kept. */
    private static final class Offenders {
        private final List<String> listed = new ArrayList<>();
        private long count;

        void add(String offender) {
            count++;
            if (listed.size() < MAX_OFFENDERS) {
                listed.add(offender);
            }
        }

        InvariantResult result(String id, String description, long examined) {
            List<String> offenders = new ArrayList<>(listed);
            if (count > listed.size()) {
                offenders.add("... and " + (count - listed.size()) + " more");
            }
            return new InvariantResult(id, description, count == 0, examined, offenders);
        }
    }
}

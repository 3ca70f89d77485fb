package io.autobiz.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.bounds.RunEntry;
import io.autobiz.kernel.bounds.RunLedger;
import io.autobiz.kernel.evidence.EvidenceVerifier;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.trace.StepEvidence;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.security.SignedInUsers;
import io.autobiz.security.SignedInUsers.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /evidence/process-instances/{id}}: what the kernel did for one process instance, for the Cockpit plugin's
 * Evidence tab ({@code app/cockpit/scripts/autobiz-evidence.js}): the run's trace (inputs and outputs as the kernel
 * stored them, i.e. redacted), each tool call with its outcome, refusal code, idempotency key and receipt, the
 * approvals (approver, decision, arguments hash; never the approver's comment or the facts shown to them, which carry
 * personal data), cost, the bounds consumed, and the check of the store's receipt chain.
 *
 * <p>Who may read it: the user signed in to the Camunda webapps in this session (or HTTP Basic), for a process instance
 * of a store they are a member of; administrators for every store. No user: 401. A user asking for another store's
 * instance: 403, recorded as a security incident, and the answer does not say which store it belongs to.
 */
@RestController
class RunEvidenceController {

    private static final Logger log = LoggerFactory.getLogger(RunEvidenceController.class);

    private final SignedInUsers users;
    private final HistoryService history;
    private final Traces traces;
    private final JdbcReceipts receipts;
    private final Approvals approvals;
    private final RunLedger ledger;
    private final EvidenceVerifier verifier;
    private final TenantJdbc jdbc;
    private final SecurityIncidents incidents;

    RunEvidenceController(
            SignedInUsers users,
            HistoryService history,
            Traces traces,
            JdbcReceipts receipts,
            Approvals approvals,
            RunLedger runLedgerReader,
            EvidenceVerifier verifier,
            TenantJdbc jdbc,
            SecurityIncidents incidents) {
        this.users = users;
        this.history = history;
        this.traces = traces;
        this.receipts = receipts;
        this.approvals = approvals;
        this.ledger = runLedgerReader;
        this.verifier = verifier;
        this.jdbc = jdbc;
        this.incidents = incidents;
    }

    @GetMapping("/evidence/process-instances/{processInstanceId}")
    ResponseEntity<Map<String, Object>> evidence(@PathVariable String processInstanceId, HttpServletRequest request) {
        Optional<SignedInUser> signedIn = users.of(request);
        if (signedIn.isEmpty()) {
            return ResponseEntity.status(401)
                    .header("WWW-Authenticate", "Basic realm=\"autobiz-evidence\"")
                    .body(Map.of("error", "UNAUTHENTICATED", "message", "sign in to Cockpit first"));
        }
        SignedInUser user = signedIn.get();
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId)
                .singleResult();
        if (instance == null) {
            return ResponseEntity.status(404)
                    .body(Map.of("error", "NOT_FOUND", "message", "no process instance " + processInstanceId));
        }
        String store = instance.getTenantId();
        if (store == null || !TenantId.isValid(store) || !user.maySee(store)) {
            refused(user, store);
            return ResponseEntity.status(403)
                    .body(Map.of(
                            "error", "FORBIDDEN", "message", "this process instance is not of a store you may see"));
        }
        return ResponseEntity.ok(evidenceOf(TenantId.of(store), instance));
    }

    private void refused(SignedInUser user, String store) {
        log.warn("run evidence of another store refused to {}", user.id());
        if (store == null || !TenantId.isValid(store)) {
            return;
        }
        TenantId target = TenantId.of(store);
        TenantId own = user.stores().stream()
                .filter(TenantId::isValid)
                .findFirst()
                .map(TenantId::of)
                .orElse(target);
        incidents.record(SecurityIncident.of(
                        own,
                        "user:" + user.id(),
                        SecurityIncident.Channel.ADMIN_API,
                        "GET run evidence of store " + target + " in Cockpit by a user who is not its member")
                .reaching(target));
    }

    private Map<String, Object> evidenceOf(TenantId store, HistoricProcessInstance instance) {
        String runId = instance.getId();
        List<StoredTraceEvent> transcript = traces.transcript(store, runId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("processInstanceId", runId);
        body.put("store", store.value());
        body.put("workflow", instance.getProcessDefinitionKey());
        body.put("state", instance.getState());
        body.put(
                "startedAt",
                instance.getStartTime() == null ? null : instance.getStartTime().toInstant());
        body.put(
                "endedAt",
                instance.getEndTime() == null ? null : instance.getEndTime().toInstant());

        List<Map<String, Object>> trace = new ArrayList<>();
        List<Map<String, Object>> runReceipts = new ArrayList<>();
        long costMicros = 0;
        for (StoredTraceEvent event : transcript) {
            StepEvidence step = event.evidence();
            costMicros += step.costMicros();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", event.createdAt());
            line.put("kind", event.kind());
            line.put("tool", event.tool());
            line.put("outcome", event.outcome());
            line.put("refusalCode", blankToNull(event.errorCode()));
            line.put("detail", json(event.detail()));
            line.put("principal", event.principal());
            line.put("durationMicros", event.durationMicros());
            line.put("costMicros", step.costMicros());
            line.put("replayed", step.replayed());
            line.put("input", json(step.input()));
            line.put("output", json(step.output()));
            line.put("stateVersion", step.stateVersion());
            line.put("receiptId", step.receiptId());
            if (step.receiptId() != null) {
                receipts.find(store, step.receiptId()).ifPresent(receipt -> {
                    line.put("idempotencyKey", receipt.externalKey());
                    runReceipts.add(receipt(receipt));
                });
            }
            trace.add(line);
        }
        body.put("trace", trace);
        body.put("receipts", runReceipts);
        body.put(
                "approvals",
                approvalIds(store, runId).stream()
                        .map(id -> approvals.find(store, id))
                        .flatMap(Optional::stream)
                        .map(RunEvidenceController::approval)
                        .toList());
        body.put("cost", Map.of("totalMicros", costMicros, "totalUsd", costMicros / 1_000_000.0));
        body.put("bounds", bounds(store, instance));
        body.put("receiptChain", receiptChain(store));
        return body;
    }

    private static Map<String, Object> receipt(Receipt receipt) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("receiptId", receipt.receiptId());
        shown.put("chainSeq", receipt.chainSeq());
        shown.put("tool", receipt.tool());
        shown.put("sideEffect", receipt.sideEffect());
        shown.put("idempotencyKey", receipt.externalKey());
        shown.put("providerObjectId", receipt.providerObjectId());
        shown.put("amountMinor", receipt.amountMinor());
        shown.put("currency", receipt.currency());
        shown.put("createdAt", receipt.createdAt());
        shown.put("hash", receipt.hash());
        return shown;
    }

    private static Map<String, Object> approval(ApprovalRequest request) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("requestId", request.id());
        shown.put("tool", request.tool().toString());
        shown.put("decision", request.status());
        shown.put("approver", request.approverId());
        shown.put("argumentsSha256", request.argumentsSha256());
        shown.put("amountMinor", request.amountMinor());
        shown.put("currency", request.currency());
        shown.put("requestedAt", request.createdAt());
        shown.put("decidedAt", request.decidedAt());
        shown.put("expiresAt", request.expiresAt());
        return shown;
    }

    private Map<String, Object> bounds(TenantId store, HistoricProcessInstance instance) {
        RunContext run = new RunContext(store, instance.getId(), "cockpit", "cockpit", "cockpit");
        Optional<RunEntry> entry = ledger.find(run);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("recorded", entry.isPresent());
        entry.ifPresent(e -> {
            used.put("steps", e.steps());
            used.put("toolCalls", e.toolCalls());
            used.put("tokens", e.tokens());
            used.put("moneyAtRiskMinor", e.moneyAtRisk());
            used.put("terminatedReason", e.terminatedReason());
        });
        return used;
    }

    private Map<String, Object> receiptChain(TenantId store) {
        EvidenceVerifier.Check chain = verifier.verify(store).checks().get(0);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("intact", chain.intact());
        check.put("receipts", chain.checked());
        chain.firstBreak()
                .ifPresent(first -> check.put(
                        "firstBreak",
                        Map.of("chainSeq", first.position(), "receiptId", first.id(), "reason", first.reason())));
        return check;
    }

    private List<String> approvalIds(TenantId store, String runId) {
        return jdbc.inTransaction(store, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select request_id from hitl_requests"
                    + " where tenant_id = ? and process_instance_id = ? order by created_at")) {
                select.setString(1, store.value());
                select.setString(2, runId);
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    private static JsonNode json(String stored) {
        return stored == null || stored.isBlank() ? null : Json.parse(stored);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

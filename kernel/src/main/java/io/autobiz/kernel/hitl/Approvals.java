package io.autobiz.kernel.hitl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.config.BusinessConfig;
import io.autobiz.kernel.config.BusinessConfig.HitlAction;
import io.autobiz.kernel.config.ConfigSource;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaViolation;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.RegisteredTool;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asking for and deciding approvals. A request names the tool and the SHA-256 of the exact arguments the call will
 * carry, and the facts the run acts on afterwards; a decision is taken only by an authenticated member of the store's
 * approvers group who did not ask for it (unless the store allows self-approval), once, before the deadline. Step 5 of the pipeline ({@link ApprovalGate}) then lets exactly that call through.
 */
@KernelApi
public final class Approvals {

    /** When no HITL rule names a timeout: long enough for a person, short enough that nothing waits for ever. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(Approvals.class);

    private final ApprovalRequests store;
    private final ToolRegistry registry;
    private final ConfigSource configs;
    private final ApproverDirectory directory;
    private final MeterRegistry meters;
    private final Clock clock;

    public Approvals(
            ApprovalRequests store,
            ToolRegistry registry,
            ConfigSource configs,
            ApproverDirectory directory,
            MeterRegistry meters,
            Clock clock) {
        this.store = store;
        this.registry = registry;
        this.configs = configs;
        this.directory = directory;
        this.meters = meters;
        this.clock = clock;
    }

    /** The hash an approval is bound to: the tool and its input, in RFC 8785 canonical form. */
    public static String argumentsSha256(ToolId tool, JsonNode input) {
        ObjectNode bound = Json.object();
        bound.put("tool", tool.toString());
        bound.set("input", input);
        return CanonicalJson.sha256Hex(bound);
    }

    /**
     * Asks for approval of a call with these arguments. The arguments must already be valid for the tool: approving
     * a call that could never run would waste a person's time. Asking again for the same run, tool and arguments while
     * a request is open returns that request (a retried job asks once).
     */
    public ApprovalRequest request(RunContext run, ToolRef toolRef, ObjectNode input, String reason, String currency) {
        return request(run, toolRef, input, reason, currency, Json.object(), null);
    }

    /**
     * Asks for approval of a call with these arguments, storing with it the facts the run will act on after the
     * decision and the principal who asked.
     *
     * @param facts what later steps of the run act on (order, recipient, amount...), by variable name; the approver
     *     sees them and they are written back over the run's variables on the decision
     * @param requestedBy who started the run (a REST user, {@code demo}, {@code webhook:shopify}), null if unknown
     */
    public ApprovalRequest request(
            RunContext run,
            ToolRef toolRef,
            ObjectNode input,
            String reason,
            String currency,
            ObjectNode facts,
            String requestedBy) {
        RegisteredTool tool = registry.resolve(toolRef);
        List<SchemaViolation> violations = tool.input().validate(input);
        if (!violations.isEmpty()) {
            throw KernelError.of(
                    ErrorCode.SCHEMA_INVALID,
                    "the arguments put up for approval are not valid input of " + tool.id(),
                    Map.of("violations", violations));
        }
        String sha256 = argumentsSha256(tool.id(), input);
        Optional<ApprovalRequest> open = store.forRun(run.tenant(), run.runId(), tool.id()).stream()
                .filter(request -> request.status() == ApprovalStatus.PENDING)
                .filter(request -> request.argumentsSha256().equals(sha256))
                .findFirst();
        if (open.isPresent()) {
            return open.get();
        }
        BusinessConfig config = activeConfig(run.tenant()).config();
        Instant now = clock.instant();
        Long amount = tool.contract()
                .money()
                .map(field -> input.path(field))
                .filter(JsonNode::canConvertToLong)
                .map(JsonNode::asLong)
                .orElse(null);
        ApprovalRequest request = new ApprovalRequest(
                UUID.randomUUID().toString(),
                run.tenant(),
                run.runId(),
                tool.id(),
                sha256,
                amount,
                currency,
                reason,
                ApprovalStatus.PENDING,
                null,
                now.plus(timeoutFor(config, tool.id())),
                null,
                null,
                null,
                now,
                facts,
                requestedBy);
        store.insert(request);
        meters.counter("hitl_request_created_total", "tool", tool.id().name()).increment();
        log.info(
                "approval requested: tenant={} run={} tool={} request={}",
                run.tenant(),
                run.runId(),
                tool.id(),
                request.id());
        return request;
    }

    /**
     * Whether the store's rules want a person to approve this call: the same question step 5 ({@link ApprovalGate})
     * asks when the call runs, so a workflow can route to an approval only when one will be needed.
     */
    public boolean required(RunContext run, ToolRef toolRef, ObjectNode input) {
        RegisteredTool tool = registry.resolve(toolRef);
        return ApprovalGate.needsApproval(
                tool, input, activeConfig(run.tenant()).config());
    }

    /** How long approvers have for this tool: the first REQUIRE_APPROVAL rule's timeout, else the default. */
    public static Duration timeoutFor(BusinessConfig config, ToolId tool) {
        return config.hitlRulesFor(tool).stream()
                .filter(rule -> rule.action() == HitlAction.REQUIRE_APPROVAL && rule.timeout() != null)
                .map(BusinessConfig.HitlRule::timeout)
                .findFirst()
                .orElse(DEFAULT_TIMEOUT);
    }

    /** The group whose members approve for the store. */
    public String approversGroup(TenantId tenant) {
        return activeConfig(tenant).config().approvers();
    }

    public void attachTask(TenantId tenant, String requestId, String taskId) {
        store.attachTask(tenant, requestId, taskId);
    }

    public Optional<ApprovalRequest> find(TenantId tenant, String requestId) {
        return store.find(tenant, requestId);
    }

    /** The request an approval task decides, found by the task (never by a variable that names a request). */
    public Optional<ApprovalRequest> forTask(TenantId tenant, String taskId) {
        return store.forTask(tenant, taskId);
    }

    /**
     * Records a decision. {@code approverId} is the authenticated person deciding; the caller takes it from the
     * authentication (Tasklist login, Slack user mapping), never from anything a process or request body says.
     *
     * @throws ApprovalRefusedException when the person may not decide, or the request is gone, decided or expired
     */
    public ApprovalRequest decide(
            TenantId tenant, String requestId, String approverId, boolean approved, String comment) {
        ApprovalRequest request = store.find(tenant, requestId)
                .orElseThrow(() ->
                        refused(tenant, ApprovalRefusedException.Reason.NOT_FOUND, "no approval request " + requestId));
        String group = approversGroup(tenant);
        if (approverId == null || approverId.isBlank() || !directory.isApprover(tenant, group, approverId)) {
            throw refused(
                    tenant,
                    ApprovalRefusedException.Reason.NOT_AN_APPROVER,
                    (approverId == null || approverId.isBlank() ? "an unauthenticated caller" : approverId)
                            + " is not an approver of " + tenant + " (group " + group + ")");
        }
        if (request.requestedBy(approverId) && !activeConfig(tenant).config().allowSelfApproval()) {
            throw refused(
                    tenant,
                    ApprovalRefusedException.Reason.SELF_APPROVAL,
                    approverId + " asked for approval request " + requestId + " and cannot approve it; another"
                            + " approver of " + tenant + " must decide (allowSelfApproval is off)");
        }
        Instant now = clock.instant();
        if (request.status() == ApprovalStatus.PENDING && !now.isBefore(request.expiresAt())) {
            expire(tenant, requestId);
            throw refused(
                    tenant,
                    ApprovalRefusedException.Reason.EXPIRED,
                    "approval request " + requestId + " expired at " + request.expiresAt());
        }
        ApprovalStatus status = approved ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED;
        if (!store.settle(tenant, requestId, status, approverId, comment, now)) {
            throw refused(
                    tenant,
                    ApprovalRefusedException.Reason.ALREADY_DECIDED,
                    "approval request " + requestId + " was already decided");
        }
        meters.counter("hitl_decision_total", "decision", status.name()).increment();
        log.info(
                "approval decided: tenant={} request={} tool={} decision={} approver={}",
                tenant,
                requestId,
                request.tool(),
                status,
                approverId);
        return store.find(tenant, requestId).orElseThrow();
    }

    /** Time ran out: the request fails. It never turns into an approval. */
    public boolean expire(TenantId tenant, String requestId) {
        boolean expired = store.settle(tenant, requestId, ApprovalStatus.TIMED_OUT, null, null, clock.instant());
        if (expired) {
            meters.counter("hitl_decision_total", "decision", ApprovalStatus.TIMED_OUT.name())
                    .increment();
            log.info("approval timed out: tenant={} request={}", tenant, requestId);
        }
        return expired;
    }

    public List<ApprovalRequest> pending(TenantId tenant) {
        return store.pending(tenant);
    }

    private ActiveConfig activeConfig(TenantId tenant) {
        return configs.activeFor(tenant)
                .orElseThrow(() -> KernelError.of(
                        ErrorCode.PERMISSION_DENIED, "store " + tenant + " has no valid BusinessConfig"));
    }

    private ApprovalRefusedException refused(TenantId tenant, ApprovalRefusedException.Reason reason, String message) {
        meters.counter("hitl_decision_refused_total", "reason", reason.name()).increment();
        log.warn("approval decision refused: tenant={} reason={} {}", tenant, reason, message);
        return new ApprovalRefusedException(reason, message);
    }
}

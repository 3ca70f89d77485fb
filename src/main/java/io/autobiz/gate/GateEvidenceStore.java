package io.autobiz.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.kernel.crypto.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The gate evidence the application knows ({@code gate_evidence}, append-only): stored exactly as given with the
 * SHA-256 of that text, and trusted only as far as it checks out. On the way in and again on every read, the text must
 * still hash to its recorded SHA-256 and every gate's verdict is judged again from its {@code n} and {@code k} by
 * {@link GateEvaluator#judge}: evidence that claims a pass its numbers do not give, or whose text changed, is refused
 * on upload and ignored by the deploy check.
 */
@Component
public class GateEvidenceStore {

    /** Where evidence came from. */
    public enum Source {
        /** An administrator uploaded a {@code gate-evidence.json} the golden-suite command wrote. */
        UPLOAD,
        /** The golden suite recorded it in the database it ran against. */
        SUITE
    }

    /** A row of {@code gate_evidence}, its text verified. */
    public record Stored(
            long id, String sha256, GateEvidence evidence, Source source, String recordedBy, Instant recordedAt) {

        /** The gates that do not pass, judged again from their numbers. */
        public List<GateResult> failingGates() {
            return rejudged(evidence).stream().filter(gate -> !gate.passed()).toList();
        }
    }

    /** Evidence that is refused: what is wrong with it, every problem. */
    public static final class InvalidEvidence extends RuntimeException {

        private final List<String> problems;

        InvalidEvidence(List<String> problems) {
            super("the gate evidence is not valid: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GateEvidenceStore.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_EVIDENCE_BYTES = 1024 * 1024;

    private final JdbcClient jdbc;
    private final Clock clock;

    public GateEvidenceStore(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /**
     * Stores {@code json} (a {@code gate-evidence.json}) once it checks out; the same text again returns the row it
     * already has.
     *
     * @throws InvalidEvidence when it is not evidence, names no exact config or diagrams, lacks a gate, or claims a
     *     verdict its numbers do not give
     */
    public Stored record(String json, Source source, String recordedBy) {
        String sha256 = Digests.sha256Hex(json);
        GateEvidence evidence = parse(json);
        List<String> problems = problems(evidence);
        if (!problems.isEmpty()) {
            throw new InvalidEvidence(problems);
        }
        Optional<Stored> known = bySha256(sha256);
        if (known.isPresent()) {
            return known.get();
        }
        Instant now = clock.instant();
        try {
            insert(json, sha256, evidence, source, recordedBy, now);
        } catch (DuplicateKeyException sameTextMeanwhile) {
            // The same evidence uploaded twice at once: one row, as when it comes again later.
        }
        return bySha256(sha256).orElseThrow();
    }

    private void insert(
            String json, String sha256, GateEvidence evidence, Source source, String recordedBy, Instant now) {
        jdbc.sql("insert into gate_evidence (evidence_sha256, commit_sha, business_config_hash, bpmn_hash,"
                        + " deploy_blocked, blocked_by, evidence, source, recorded_by, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        sha256,
                        evidence.commit(),
                        evidence.businessConfigHash(),
                        evidence.bpmnHash(),
                        evidence.deployBlocked(),
                        String.join(" ", evidence.blockedBy()),
                        json,
                        source.name(),
                        recordedBy,
                        Timestamp.from(now))
                .update();
    }

    /** The evidence of this SHA-256, if stored and still intact. */
    public Optional<Stored> bySha256(String sha256) {
        return select("where evidence_sha256 = ?", sha256).stream().findFirst();
    }

    /**
     * The newest intact evidence that tested exactly these diagrams and, when {@code configFile} is given, exactly
     * this config of that store ({@code <store>.yml} with {@code configSha256}).
     */
    public Optional<Stored> newestFor(String bpmnHash, String configFile, String configSha256) {
        return select("where bpmn_hash = ? order by id desc", bpmnHash).stream()
                .filter(stored -> configFile == null
                        || configSha256.equals(
                                stored.evidence().businessConfigFiles().get(configFile)))
                .findFirst();
    }

    /** The newest evidence, newest first, at most {@code limit}. */
    public List<Stored> newest(int limit) {
        return select("order by id desc").stream().limit(limit).toList();
    }

    private List<Stored> select(String where, Object... params) {
        List<Stored> intact = new ArrayList<>();
        jdbc.sql("select id, evidence_sha256, evidence, source, recorded_by, created_at from gate_evidence " + where)
                .params(params)
                .query((ResultSet row) -> {
                    readIntact(row).ifPresent(intact::add);
                });
        return intact;
    }

    private static Optional<Stored> readIntact(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        String sha256 = row.getString("evidence_sha256").trim();
        String text = row.getString("evidence");
        if (!Digests.sha256Hex(text).equals(sha256)) {
            log.warn("gate evidence {} no longer matches its SHA-256: not counted as evidence", id);
            return Optional.empty();
        }
        return Optional.of(new Stored(
                id,
                sha256,
                parse(text),
                Source.valueOf(row.getString("source")),
                row.getString("recorded_by"),
                row.getTimestamp("created_at").toInstant()));
    }

    static GateEvidence parse(String json) {
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_EVIDENCE_BYTES) {
            throw new InvalidEvidence(List.of("evidence is larger than " + MAX_EVIDENCE_BYTES + " bytes"));
        }
        try {
            GateEvidence evidence = JSON.readValue(json, GateEvidence.class);
            if (evidence == null) {
                throw new InvalidEvidence(List.of("the body is not gate evidence (gate-evidence.json)"));
            }
            return evidence;
        } catch (IOException | NullPointerException e) {
            throw new InvalidEvidence(List.of("the body is not gate evidence (gate-evidence.json): "
                    + e.getClass().getSimpleName()));
        }
    }

    /** Why {@code evidence} cannot be counted; empty when it can. */
    static List<String> problems(GateEvidence evidence) {
        List<String> problems = new ArrayList<>();
        if (evidence.commit() == null
                || evidence.commit().isBlank()
                || evidence.commit().length() > 64) {
            problems.add("commit: missing or longer than 64 characters");
        }
        for (String[] hash : List.of(
                new String[] {"business_config_hash", evidence.businessConfigHash()},
                new String[] {"bpmn_hash", evidence.bpmnHash()})) {
            if (hash[1] == null || !SHA256.matcher(hash[1]).matches()) {
                problems.add(hash[0] + ": not a SHA-256 (64 lowercase hex digits)");
            }
        }
        if (problems.isEmpty()
                && !ArtifactHashes.ofHashes(evidence.businessConfigFiles()).equals(evidence.businessConfigHash())) {
            problems.add("business_config_hash is not the hash of business_config_files");
        }
        if (problems.isEmpty() && !ArtifactHashes.ofHashes(evidence.bpmnFiles()).equals(evidence.bpmnHash())) {
            problems.add("bpmn_hash is not the hash of bpmn_files");
        }
        Set<Gate> seen = EnumSet.noneOf(Gate.class);
        for (GateResult claimed : evidence.gates()) {
            Optional<Gate> gate = gateOf(claimed.gate());
            if (gate.isEmpty()) {
                problems.add("gate " + claimed.gate() + ": unknown");
                continue;
            }
            if (!seen.add(gate.get())) {
                problems.add("gate " + claimed.gate() + ": listed twice");
                continue;
            }
            if (claimed.n() < 0 || claimed.k() < 0 || claimed.k() > claimed.n()) {
                problems.add("gate " + claimed.gate() + ": needs 0 <= k <= n");
                continue;
            }
            GateResult judged = GateEvaluator.judge(gate.get(), new Tally(claimed.n(), claimed.k(), List.of()));
            if (judged.passed() != claimed.passed()) {
                problems.add("gate " + claimed.gate() + ": claims passed=" + claimed.passed() + " but n=" + claimed.n()
                        + " k=" + claimed.k() + " gives passed=" + judged.passed());
            }
        }
        for (Gate gate : Gate.values()) {
            if (!seen.contains(gate)) {
                problems.add("gate " + gate.label() + ": missing");
            }
        }
        if (problems.isEmpty()
                && rejudged(evidence).stream().anyMatch(gate -> !gate.passed()) != evidence.deployBlocked()) {
            problems.add("deploy_blocked=" + evidence.deployBlocked() + " does not follow from the gates");
        }
        return problems;
    }

    /** Every gate judged again from its numbers; a gate the evidence lacks is judged without trials (fails). */
    static List<GateResult> rejudged(GateEvidence evidence) {
        List<GateResult> judged = new ArrayList<>();
        for (Gate gate : Gate.values()) {
            Tally tally = evidence.gates().stream()
                    .filter(claimed -> claimed.gate().equals(gate.label()))
                    .findFirst()
                    .map(claimed -> new Tally(claimed.n(), claimed.k(), claimed.failures()))
                    .orElse(Tally.empty());
            judged.add(GateEvaluator.judge(gate, tally));
        }
        return judged;
    }

    private static Optional<Gate> gateOf(String label) {
        for (Gate gate : Gate.values()) {
            if (gate.label().equals(label)) {
                return Optional.of(gate);
            }
        }
        return Optional.empty();
    }
}

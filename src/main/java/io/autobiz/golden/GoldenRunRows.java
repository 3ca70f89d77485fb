package io.autobiz.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Golden runs as the database keeps them ({@code golden_runs}, V80): so that a run is still known after its node
 * restarted, and on every node. A run's state moves once, from RUNNING to DONE or FAILED (a trigger refuses anything
 * else); its case results stay in its folder on the node that ran it.
 */
final class GoldenRunRows {

    /** One row. */
    record Row(
            String id,
            GoldenRuns.State state,
            String nodeId,
            String startedBy,
            Instant startedAt,
            GoldenRuns.Candidate candidate,
            Path directory,
            Instant finishedAt,
            String problem,
            String evidenceSha256) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    GoldenRunRows(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    void started(Row row) {
        jdbc.sql("insert into golden_runs (run_id, state, node_id, started_by, started_at, store, candidate, directory)"
                        + " values (?, 'RUNNING', ?, ?, ?, ?, ?, ?)")
                .params(
                        row.id(),
                        row.nodeId(),
                        row.startedBy(),
                        Timestamp.from(row.startedAt()),
                        row.candidate().store(),
                        write(row.candidate()),
                        row.directory().toAbsolutePath().toString())
                .update();
    }

    /** Ends a run that is still RUNNING; false when it had ended already. */
    boolean finished(String id, GoldenRuns.State state, Instant at, String problem, String evidenceSha256) {
        return jdbc.sql("update golden_runs set state = ?, finished_at = ?, problem = ?, evidence_sha256 = ?"
                                + " where run_id = ? and state = 'RUNNING'")
                        .params(state.name(), Timestamp.from(at), problem, evidenceSha256, id)
                        .update()
                == 1;
    }

    /**
     * Runs this node had started and not finished when it stopped: nobody will store their evidence now, so they end
     * FAILED with {@code problem}.
     */
    int abandoned(String nodeId, Instant at, String problem) {
        return jdbc.sql("update golden_runs set state = 'FAILED', finished_at = ?, problem = ?"
                        + " where node_id = ? and state = 'RUNNING'")
                .params(Timestamp.from(at), problem, nodeId)
                .update();
    }

    Optional<Row> find(String id) {
        return jdbc.sql("select run_id, state, node_id, started_by, started_at, candidate, directory, finished_at,"
                        + " problem, evidence_sha256 from golden_runs where run_id = ?")
                .param(id)
                .query((rs, n) -> new Row(
                        rs.getString("run_id"),
                        GoldenRuns.State.valueOf(rs.getString("state")),
                        rs.getString("node_id"),
                        rs.getString("started_by"),
                        rs.getTimestamp("started_at").toInstant(),
                        read(rs.getString("candidate")),
                        Path.of(rs.getString("directory")),
                        rs.getTimestamp("finished_at") == null
                                ? null
                                : rs.getTimestamp("finished_at").toInstant(),
                        rs.getString("problem"),
                        rs.getString("evidence_sha256")))
                .optional();
    }

    private static String write(GoldenRuns.Candidate candidate) {
        try {
            return JSON.writeValueAsString(candidate);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a candidate is plain JSON", e);
        }
    }

    private static GoldenRuns.Candidate read(String candidate) {
        try {
            return JSON.readValue(candidate, GoldenRuns.Candidate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("golden_runs.candidate is not a candidate: " + e.getOriginalMessage(), e);
        }
    }
}

package io.autobiz.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code autobiz.cluster.*}.
 *
 * @param nodeId this node's name in logs, in {@code autobiz_node_info} and as its job executor's lock owner; unique
 *     per node (default host name and port, see {@link NodeIdDefault})
 * @param jobLockAtMost how long a cluster-wide job's lock outlives a node that died while holding it: the other nodes
 *     take the job over after this; must exceed the longest run of any such job
 */
@ConfigurationProperties("autobiz.cluster")
public record ClusterProperties(
        String nodeId, @DefaultValue("PT30M") Duration jobLockAtMost) {

    public ClusterProperties {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("autobiz.cluster.node-id must name this node");
        }
        if (jobLockAtMost.isNegative() || jobLockAtMost.isZero()) {
            throw new IllegalArgumentException("autobiz.cluster.job-lock-at-most must be positive");
        }
    }
}

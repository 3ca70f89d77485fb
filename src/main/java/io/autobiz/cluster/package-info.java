/**
 * Running several AutoBiz nodes on one database: each node's identity ({@code autobiz.cluster.node-id}, in its log
 * lines, its {@code autobiz_node_info} gauge and its job executor's lock owner) and the cluster-wide lock that lets a
 * scheduled job run on one node at a time ({@link io.autobiz.cluster.ClusterJobs}, a ShedLock row per job).
 * Everything else is shared through the database and Redis already; docs/operations.md ("Running N nodes") lists
 * what each scheduler does on N nodes.
 */
@ApplicationModule(
        displayName = "Cluster",
        allowedDependencies = {})
package io.autobiz.cluster;

import org.springframework.modulith.ApplicationModule;

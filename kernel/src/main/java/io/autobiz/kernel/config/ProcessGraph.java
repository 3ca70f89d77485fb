package io.autobiz.kernel.config;

import io.autobiz.kernel.KernelApi;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A workflow as the compile checks see it: which tools it calls and which paths lead there. The engine adapter builds
 * one per deployed BPMN process; the kernel never reads BPMN itself.
 *
 * @param processKey the process definition key, also the workflow's principal {@code workflow:<key>}
 * @param nodes every flow node (tasks, events, gateways, sub-processes)
 * @param edges the ways a token can move: sequence flows, a task to its boundary events, a sub-process to its starts
 *     and its ends to what follows it
 */
@KernelApi
public record ProcessGraph(String processKey, List<Node> nodes, List<Edge> edges) {

    public enum Kind {
        /** Where a token can appear: a process start, a sub-process start, an event sub-process start. */
        START,
        /** A service task that calls a kernel tool. */
        TOOL_TASK,
        /** A user task in which a person approves (an AutoBiz approval task). */
        APPROVAL,
        /** Anything else. */
        OTHER
    }

    public record Node(String id, String name, Kind kind, String tool) {

        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.TOOL_TASK && (tool == null || tool.isBlank())) {
                throw new IllegalArgumentException("tool task " + id + " names no tool");
            }
        }
    }

    /**
     * A way a token moves.
     *
     * @param leavesEarly true for a task's edge to one of its boundary events: the token leaves the task without
     *     completing it, so such an edge leads out of an approval task without the approval having been given
     */
    public record Edge(String from, String to, boolean leavesEarly) {

        public Edge(String from, String to) {
            this(from, to, false);
        }
    }

    public ProcessGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The tools the workflow calls, as written in its tasks. */
    public List<Node> toolTasks() {
        return nodes.stream().filter(node -> node.kind() == Kind.TOOL_TASK).toList();
    }

    /**
     * A way from a start to a node satisfying {@code target} that passes no approval task, as the list of node IDs;
     * empty when every path to every such node passes an approval.
     */
    public Optional<List<String>> pathAvoidingApprovals(Predicate<Node> target) {
        Map<String, Node> byId = nodes.stream().collect(Collectors.toMap(Node::id, Function.identity(), (a, b) -> a));
        Map<String, List<Edge>> next = edges.stream().collect(Collectors.groupingBy(Edge::from));
        Map<String, String> cameFrom = new HashMap<>();
        ArrayDeque<String> frontier = new ArrayDeque<>();
        for (Node node : nodes) {
            if (node.kind() == Kind.START) {
                cameFrom.put(node.id(), null);
                frontier.add(node.id());
            }
        }
        while (!frontier.isEmpty()) {
            String current = frontier.poll();
            Node node = byId.get(current);
            if (node != null && target.test(node)) {
                List<String> path = new ArrayList<>();
                for (String step = current; step != null; step = cameFrom.get(step)) {
                    path.add(0, step);
                }
                return Optional.of(path);
            }
            boolean approval = node != null && node.kind() == Kind.APPROVAL;
            for (Edge edge : next.getOrDefault(current, List.of())) {
                // An approval task is passed only by completing it; its boundary events leave it unapproved.
                if (approval && !edge.leavesEarly()) {
                    continue;
                }
                if (!cameFrom.containsKey(edge.to())) {
                    cameFrom.put(edge.to(), current);
                    frontier.add(edge.to());
                }
            }
        }
        return Optional.empty();
    }
}

package dev.gantry.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A process and its descendants as seen at one moment. Handles remember each process's start time, so a
 * recycled pid is never signalled by mistake.
 */
final class ProcessTree {
    private final ProcessHandle root;
    private final List<ProcessHandle> members;

    private ProcessTree(ProcessHandle root, List<ProcessHandle> members) {
        this.root = root;
        this.members = members;
    }

    static ProcessTree of(ProcessHandle root) {
        List<ProcessHandle> members = new ArrayList<>();
        members.add(root);
        root.descendants().forEach(members::add);
        return new ProcessTree(root, List.copyOf(members));
    }

    /** The trees of several roots from one scan of the process table. */
    static Map<Long, ProcessTree> ofAll(Collection<ProcessHandle> roots) {
        Map<Long, List<ProcessHandle>> children = new HashMap<>();
        ProcessHandle.allProcesses()
                .forEach(p -> p.parent()
                        .ifPresent(parent -> children.computeIfAbsent(parent.pid(), k -> new ArrayList<>())
                                .add(p)));
        Map<Long, ProcessTree> trees = new HashMap<>();
        for (ProcessHandle root : roots) {
            List<ProcessHandle> members = new ArrayList<>();
            members.add(root);
            for (int i = 0; i < members.size(); i++)
                members.addAll(children.getOrDefault(members.get(i).pid(), List.of()));
            trees.put(root.pid(), new ProcessTree(root, List.copyOf(members)));
        }
        return trees;
    }

    List<ProcessHandle> members() {
        return members;
    }

    /** SIGTERM to every member. */
    void terminate() {
        refreshed().members.forEach(ProcessHandle::destroy);
    }

    /** SIGKILL to every member still alive, including children born since the snapshot. */
    void kill() {
        refreshed().members.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Completes when every member, and whatever now descends from the root, has exited. */
    CompletableFuture<Void> exited() {
        return CompletableFuture.allOf(
                refreshed().members.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    }

    boolean anyAlive() {
        return members.stream().anyMatch(ProcessHandle::isAlive);
    }

    /** This snapshot plus whatever now descends from the root. */
    ProcessTree refreshed() {
        if (!root.isAlive()) return this;
        List<ProcessHandle> all = new ArrayList<>(members);
        root.descendants().filter(p -> !all.contains(p)).forEach(all::add);
        return new ProcessTree(root, List.copyOf(all));
    }
}

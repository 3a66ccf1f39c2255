package dev.gantry.agent;

import dev.gantry.api.AppSpec;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One supervised instance: its spec, its process if any, and where it is in its lifecycle. Guarded by its Supervisor. */
final class Instance {
    static final int UNHEALTHY_AFTER = 3;

    private final InstanceSpec spec;
    private final CrashPolicy crashes = new CrashPolicy();
    private InstanceState state;
    private String message;
    private Process process;
    private ProcessHandle handle;
    private int port;
    private long startedAt;
    private int restarts;
    private boolean restartNext;
    private Instant nextAttempt = Instant.MIN;
    private Instant readySince;
    private int healthFailures;
    private boolean probing;
    private long generation;
    private CompletableFuture<Path> fetch;
    private ProcessTree stopping;
    private Instant killAt;
    private List<ProcessHandle> lastTree = List.of();
    private ResourceSampler.Usage usage = new ResourceSampler.Usage(0, 0);
    private String user;
    private Cgroup cgroup;
    private long oomAtStart;
    private long oomSeen;
    private int oomKills;
    private long cgroupMemory = -1;

    private Instance(InstanceSpec spec, InstanceState state, String message) {
        this.spec = spec;
        this.state = state;
        this.message = message;
    }

    static Instance desired(InstanceSpec spec) {
        return new Instance(spec, InstanceState.PREPARING, "preparing release " + spec.release());
    }

    /** A process a previous agent run started, with the cgroup it is in if that is one of this agent's (else null). */
    static Instance adopted(InstanceRecord record, ProcessHandle handle, Cgroup cgroup) {
        Instance i = new Instance(
                record.spec(), InstanceState.STARTING, "adopted pid " + record.pid() + " from a previous agent run");
        i.handle = handle;
        i.port = record.port();
        i.startedAt = record.startedAt();
        i.restarts = record.restarts();
        i.lastTree = List.of(handle);
        i.user = record.user();
        i.cgroup = cgroup;
        i.oomAtStart = i.oomSeen = cgroup == null ? 0 : cgroup.oomKills();
        return i;
    }

    InstanceSpec spec() {
        return spec;
    }

    String id() {
        return spec.id();
    }

    InstanceState state() {
        return state;
    }

    String message() {
        return message;
    }

    int port() {
        return port;
    }

    long generation() {
        return generation;
    }

    ProcessHandle handle() {
        return handle;
    }

    boolean hasProcess() {
        return handle != null;
    }

    boolean alive() {
        return process != null ? process.isAlive() : handle.isAlive();
    }

    boolean due(Instant now) {
        return !now.isBefore(nextAttempt);
    }

    CompletableFuture<Path> fetch() {
        return fetch;
    }

    void fetching(CompletableFuture<Path> future) {
        this.fetch = future;
    }

    void preparing() {
        state = InstanceState.PREPARING;
        fetch = null;
    }

    /** Its cgroup, kept across restarts of its process until the instance is removed; null without one. */
    Cgroup cgroup() {
        return cgroup;
    }

    void started(Process started, int newPort, Instant now, String account, Cgroup group) {
        process = started;
        user = account;
        cgroup = group;
        oomAtStart = oomSeen = group == null ? 0 : group.oomKills();
        handle = started.toHandle();
        port = newPort;
        startedAt = handle.info().startInstant().orElse(now).toEpochMilli();
        if (restartNext) restarts++;
        restartNext = true;
        generation++;
        healthFailures = 0;
        probing = false;
        readySince = null;
        lastTree = List.of(handle);
        state = InstanceState.STARTING;
        message = "started pid " + handle.pid() + " on port " + port;
    }

    /**
     * The process is gone without being asked to stop: schedule the restart. Killed by its memory limit, it is
     * {@link InstanceState#OOM} (or a crash loop that says so) rather than a plain exit.
     */
    void exited(Instant now) {
        newOomKills();
        String code = process != null ? "code " + process.exitValue() : "code unknown, adopted process";
        boolean oom = oomSeen > oomAtStart;
        String how = oom
                ? oomKill() + " (OOM, exit " + code + ")"
                : process != null ? "exited with " + code : "exited (" + code + ")";
        restartLater(how, oom ? InstanceState.OOM : InstanceState.BACKOFF, now);
    }

    /**
     * Its health path answered, but on a port another process listens on: a failed start. The caller has killed its
     * tree; it is restarted after the backoff on the next free port, as after an exit.
     */
    void portHeld(String why, Instant now) {
        restartLater(why, InstanceState.BACKOFF, now);
    }

    private void restartLater(String how, InstanceState unlessLooping, Instant now) {
        CrashPolicy.Decision d = crashes.exited(now);
        clearProcess();
        restartNext = true;
        nextAttempt = now.plus(d.delay());
        String delay = d.delay().toSeconds() + "s";
        if (d.crashLoop()) {
            state = InstanceState.CRASH_LOOP;
            message = "crash loop: " + how + ", " + d.recentExits() + " exits within 60s, restarting in " + delay;
        } else {
            state = unlessLooping;
            message = how + ", restarting in " + delay;
        }
    }

    /** The release could not be fetched for a reason that passes (the control plane down or overloaded): still preparing. */
    void fetchDelayed(String why, Instant retryAt) {
        state = InstanceState.PREPARING;
        message = why;
        nextAttempt = retryAt;
        fetch = null;
    }

    void failed(String why, Instant retryAt) {
        state = InstanceState.FAILED;
        message = why;
        nextAttempt = retryAt;
        fetch = null;
    }

    /** Sends SIGTERM to the process tree; false if there is no process to wait for. */
    boolean stop(Instant now) {
        if (handle == null || !alive()) {
            clearProcess();
            return false;
        }
        stopping = ProcessTree.of(handle);
        stopping.terminate();
        killAt = now.plus(Duration.ofSeconds(spec.graceSeconds()));
        state = InstanceState.STOPPING;
        message = "stopping: SIGTERM sent, SIGKILL after " + spec.graceSeconds() + "s";
        return true;
    }

    /** While stopping: completes when the whole tree it signalled has exited; at once when it is not stopping. */
    CompletableFuture<Void> exited() {
        return stopping == null || state != InstanceState.STOPPING
                ? CompletableFuture.completedFuture(null)
                : stopping.exited();
    }

    /** While stopping: SIGKILL once the grace period is over; true once the whole tree is gone. */
    boolean stopped(Instant now) {
        if (!stopping.anyAlive()) return true;
        if (!now.isBefore(killAt)) {
            stopping = stopping.refreshed();
            stopping.kill();
            message = "did not stop within " + spec.graceSeconds() + "s after SIGTERM, sent SIGKILL";
        }
        return false;
    }

    boolean startProbe() {
        if (probing || handle == null) return false;
        if (state != InstanceState.STARTING && state != InstanceState.READY && state != InstanceState.UNHEALTHY)
            return false;
        probing = true;
        return true;
    }

    /** Whether this probe result, for the current process, would make it READY (from STARTING or UNHEALTHY). */
    boolean becomesReady(long forGeneration, HealthCheck.Result result) {
        return forGeneration == generation
                && result.healthy()
                && (state == InstanceState.STARTING || state == InstanceState.UNHEALTHY);
    }

    /** Its live process tree, cgroup members included (a daemonized child has left the tree, not the cgroup). */
    Set<Long> pids() {
        Set<Long> pids = new HashSet<>();
        ProcessTree.of(handle).members().forEach(p -> pids.add(p.pid()));
        if (cgroup != null) pids.addAll(cgroup.pids());
        return pids;
    }

    /** Applies a probe result; true if the state changed. */
    boolean probed(long forGeneration, HealthCheck.Result result, Instant now) {
        if (forGeneration != generation) return false;
        probing = false;
        InstanceState before = state;
        if (state != InstanceState.STARTING && state != InstanceState.READY && state != InstanceState.UNHEALTHY)
            return false;
        if (result.healthy()) {
            healthFailures = 0;
            if (state != InstanceState.READY) {
                state = InstanceState.READY;
                readySince = now;
                message = "ready";
            }
            crashes.readySince(readySince, now);
        } else {
            healthFailures++;
            if (state == InstanceState.STARTING || healthFailures >= UNHEALTHY_AFTER) message = result.message();
            if (state == InstanceState.READY && healthFailures >= UNHEALTHY_AFTER) state = InstanceState.UNHEALTHY;
        }
        return state != before;
    }

    /** SIGKILL to its whole live tree, its process group and its cgroup. */
    void kill() {
        lastTree = ProcessTree.of(handle).members();
        killOrphans();
    }

    /** Kills what is left of the tree (and of the cgroup) after the root died on its own, so no orphan keeps a port. */
    void killOrphans() {
        lastTree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (handle != null && Launcher.usesSetsid()) ProcessGroup.kill(handle.pid());
        if (cgroup != null)
            cgroup.pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** What killed a process of it: its limit, or (without one) the memory of the cgroups above it. */
    String oomKill() {
        long limit = spec.resources().memoryBytes();
        return limit > 0
                ? "killed by its memory limit of " + AppSpec.Resources.sizeText(limit)
                : "killed for lack of memory";
    }

    /** Reads its cgroup's OOM kill counter; returns how many kills are new since the last look. */
    long newOomKills() {
        if (cgroup == null) return 0;
        long counter = cgroup.oomKills();
        long fresh = Math.max(0, counter - oomSeen);
        oomSeen = Math.max(oomSeen, counter);
        oomKills += (int) fresh;
        return fresh;
    }

    void observedTree(List<ProcessHandle> tree) {
        lastTree = tree;
    }

    void observed(List<ProcessHandle> tree, ResourceSampler.Usage sampled) {
        lastTree = tree;
        usage = sampled;
        cgroupMemory = cgroup == null ? -1 : cgroup.memoryBytes().orElse(-1);
    }

    InstanceRecord record() {
        return new InstanceRecord(spec.id(), spec, handle.pid(), port, startedAt, restarts, user);
    }

    /** Limits are reported as enforced only where the instance has a cgroup. */
    InstanceStatus status(String host, String address) {
        boolean running = handle != null;
        long rss = running ? usage.rssBytes() : 0;
        long memory = running && cgroupMemory >= 0 ? cgroupMemory : rss;
        long memoryLimit = cgroup == null ? 0 : spec.resources().memoryBytes();
        double cpuLimit = cgroup == null ? 0 : spec.resources().cpu();
        return new InstanceStatus(
                spec.id(),
                spec.app(),
                spec.release(),
                host,
                address,
                running ? port : 0,
                running ? handle.pid() : 0,
                state,
                restarts,
                running ? startedAt : 0,
                message,
                running ? usage.cpuPercent() : 0,
                rss,
                user,
                memoryLimit,
                memory,
                cpuLimit,
                oomKills);
    }

    private void clearProcess() {
        process = null;
        handle = null;
        port = 0;
        probing = false;
        usage = new ResourceSampler.Usage(0, 0);
        cgroupMemory = -1;
    }
}

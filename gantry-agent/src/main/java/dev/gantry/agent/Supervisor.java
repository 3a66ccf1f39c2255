package dev.gantry.agent;

import dev.gantry.api.AppSpec;
import dev.gantry.api.DesiredState;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.archive.ArchiveException;
import dev.gantry.api.client.ProblemException;
import dev.gantry.api.client.UnreachableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the instances on this host on the desired state: starts, watches, restarts, health-checks and stops
 * them, and remembers the running ones in instances.json. What it does to an instance it also notes, with a
 * timestamp, in the instance's log. All state is guarded by this object's lock.
 */
final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Duration FETCH_RETRY = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final Launcher launcher;
    private final PortAllocator ports;
    private final ReleaseCache releases;
    private final InstanceStore store;
    private final HealthCheck health;
    private final LogFiles logs;
    private final Clock clock;
    private final Runnable onChange;
    private final HostIsolation isolation;
    private final PortOwner owners;
    private final Path runDir;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final List<Cgroup> busyCgroups = new ArrayList<>();
    private boolean accepting = true;
    private boolean ownersUnknownLogged;

    Supervisor(
            AgentConfig config,
            Launcher launcher,
            PortAllocator ports,
            ReleaseCache releases,
            InstanceStore store,
            HealthCheck health,
            LogFiles logs,
            HostIsolation isolation,
            PortOwner owners,
            Clock clock,
            Runnable onChange) {
        this.config = config;
        this.launcher = launcher;
        this.ports = ports;
        this.releases = releases;
        this.store = store;
        this.health = health;
        this.logs = logs;
        this.clock = clock;
        this.onChange = onChange;
        this.isolation = isolation;
        this.owners = owners;
        this.ownersUnknownLogged = owners.problem().isPresent(); // the agent said so at start
        this.runDir = config.dataDir().resolve("run");
    }

    /**
     * Takes over the processes a previous agent run left behind, if they are still the same processes, with their
     * cgroups; removes the cgroups of instances not taken over, killing what still runs in them.
     */
    synchronized void adopt(List<InstanceRecord> records) {
        for (InstanceRecord r : records) {
            var handle = ProcessHandle.of(r.pid()).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                log.info("forgetting instance whose process is gone instance={} pid={}", r.id(), r.pid());
            } else if (handle.get()
                            .info()
                            .startInstant()
                            .map(Instant::toEpochMilli)
                            .orElse(-1L)
                    != r.startedAt()) {
                log.warn("pid was reused by another process, leaving it alone instance={} pid={}", r.id(), r.pid());
            } else {
                log.info("adopting instance={} pid={} port={}", r.id(), r.pid(), r.port());
                Instance i = Instance.adopted(
                        r, handle.get(), isolation.cgroups().of(r.id(), r.pid()).orElse(null));
                instances.put(r.id(), i);
                note(i, "agent restarted, adopted pid=" + r.pid() + " port=" + r.port());
            }
        }
        isolation.cgroups().all().forEach((id, cgroup) -> {
            if (instances.containsKey(id)) return;
            log.info("removing the cgroup of an instance not adopted instance={} pids={}", id, cgroup.pids());
            if (!cgroup.remove()) busyCgroups.add(cgroup);
        });
        changed();
    }

    /** Starts the desired instances that are missing and stops the ones no longer desired. */
    synchronized void apply(DesiredState desired) {
        if (!accepting) return;
        Set<String> wanted = new HashSet<>();
        for (InstanceSpec spec : desired.instances()) {
            wanted.add(spec.id());
            if (!instances.containsKey(spec.id())) add(spec);
        }
        for (Instance i : List.copyOf(instances.values())) {
            if (!wanted.contains(i.id()) && i.state() != InstanceState.STOPPING) stop(i);
        }
    }

    /** Stops every instance and takes no new desired state from now on. */
    synchronized void stopAll() {
        accepting = false;
        List.copyOf(instances.values()).stream()
                .filter(i -> i.state() != InstanceState.STOPPING)
                .forEach(this::stop);
    }

    /** Completes when the process trees of every stopping instance have exited. */
    synchronized CompletableFuture<Void> exits() {
        return CompletableFuture.allOf(
                instances.values().stream().map(Instance::exited).toArray(CompletableFuture[]::new));
    }

    synchronized int maxGraceSeconds() {
        return instances.values().stream()
                .mapToInt(i -> i.spec().graceSeconds())
                .max()
                .orElse(0);
    }

    synchronized boolean isEmpty() {
        return instances.isEmpty();
    }

    /** Moves every instance one step: fetch, start, notice exits, restart after backoff, finish stops. */
    synchronized void tick() {
        Instant now = clock.instant();
        for (Instance i : List.copyOf(instances.values())) {
            try {
                step(i, now);
            } catch (RuntimeException e) {
                log.error("supervising instance={} failed", i.id(), e);
            }
        }
    }

    /** Sends one health probe to every instance with a process, unless its previous probe is still out. */
    synchronized void probeHealth() {
        for (Instance i : instances.values()) {
            if (!i.startProbe()) continue;
            String id = i.id();
            long generation = i.generation();
            health.probe(i.port(), i.spec().healthPath())
                    .whenComplete((result, error) -> probed(
                            id,
                            generation,
                            error == null ? result : new HealthCheck.Result(false, "health probe failed: " + error)));
        }
    }

    /**
     * Rotates the logs of the instances that are over their size, deletes release directories no longer kept and
     * removes the cgroups of stopped instances that were still busy.
     */
    void housekeeping() {
        pruneReleases();
        removeBusyCgroups();
        for (InstanceSpec spec : specs())
            logs.rotate(spec.app(), spec.id(), releases.logSpec(spec.app(), spec.release()));
    }

    /** The running process trees by instance, for resource sampling. */
    synchronized Map<Instance, ProcessHandle> running() {
        Map<Instance, ProcessHandle> out = new LinkedHashMap<>();
        instances.values().stream().filter(Instance::hasProcess).forEach(i -> out.put(i, i.handle()));
        return out;
    }

    /** A resource sample of a running instance; a process of it the memory limit killed is noted in its log. */
    synchronized void observed(Instance instance, List<ProcessHandle> tree, ResourceSampler.Usage usage) {
        if (!instance.hasProcess() || !instance.handle().equals(tree.get(0))) return;
        instance.observed(tree, usage);
        long killed = instance.newOomKills();
        if (killed > 0) {
            log.warn("instance process killed by its memory limit instance={} kills={}", instance.id(), killed);
            note(
                    instance,
                    "a process was " + instance.oomKill() + " (OOM)"
                            + (killed > 1 ? ", " + killed + " processes" : ""));
            changed();
        }
    }

    synchronized List<InstanceStatus> statuses() {
        return instances.values().stream()
                .map(i -> i.status(config.host(), config.address()))
                .toList();
    }

    /** Deletes old release directories, keeping those of every instance here (under the lock: none is being started). */
    private synchronized void pruneReleases() {
        Set<Path> inUse = instances.values().stream()
                .map(i -> releases.dir(i.spec().app(), i.spec().release()))
                .collect(Collectors.toSet());
        releases.prune(inUse, config.keepReleases());
    }

    private synchronized void removeBusyCgroups() {
        busyCgroups.removeIf(Cgroup::remove);
    }

    private synchronized List<InstanceSpec> specs() {
        return instances.values().stream().map(Instance::spec).toList();
    }

    private void add(InstanceSpec spec) {
        Instance i = Instance.desired(spec);
        instances.put(spec.id(), i);
        if (!SAFE_NAME.matcher(spec.id()).matches()
                || !SAFE_NAME.matcher(spec.app()).matches()) {
            i.failed(
                    "instance id and app must be letters, digits, '.', '_' or '-', were " + spec.id() + " and "
                            + spec.app(),
                    Instant.MAX);
        }
        log.info("instance desired instance={} app={} release={}", spec.id(), spec.app(), spec.release());
        changed();
    }

    private void step(Instance i, Instant now) {
        switch (i.state()) {
            case PREPARING -> prepare(i, now);
            case FAILED, BACKOFF, CRASH_LOOP -> {
                if (i.due(now)) {
                    i.preparing();
                    prepare(i, now);
                }
            }
            case STARTING, READY, UNHEALTHY -> watch(i, now);
            case STOPPING -> {
                String before = i.message();
                if (i.stopped(now)) {
                    note(i, "stopped");
                    remove(i);
                } else if (!i.message().equals(before)) {
                    note(i, i.message());
                }
            }
        }
    }

    private void prepare(Instance i, Instant now) {
        if (i.fetch() == null) {
            if (!i.due(now)) return;
            i.fetching(releases.prepare(
                    i.spec().app(), i.spec().release(), i.spec().digest()));
        }
        CompletableFuture<Path> fetch = i.fetch();
        if (!fetch.isDone()) return;
        Path releaseDir;
        try {
            releaseDir = fetch.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = rootCause(e);
            String why = cause instanceof ArchiveException ? cause.getMessage() : cause.toString();
            String what =
                    "fetching release " + i.spec().release() + " of " + i.spec().app();
            if (passing(cause)) i.fetchDelayed(what + " waits for the control plane: " + why, now.plus(FETCH_RETRY));
            else i.failed(what + " failed: " + why, now.plus(FETCH_RETRY));
            log.warn(
                    "release fetch failed instance={} app={} release={} error=\"{}\"",
                    i.id(),
                    i.spec().app(),
                    i.spec().release(),
                    why);
            changed();
            return;
        }
        launch(i, releaseDir, now);
    }

    /**
     * Whether a fetch failed for a reason that passes by itself: the control plane unreachable (restarting) or
     * answering 5xx. Such an instance stays PREPARING, so that a deploy waiting for it is not failed for a restart of
     * the control plane; a refused archive, a digest mismatch or a 4xx is FAILED.
     */
    static boolean passing(Throwable cause) {
        return cause instanceof UnreachableException || (cause instanceof ProblemException p && p.status() >= 500);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.io.UncheckedIOException) && t.getCause() != null)
            t = t.getCause();
        return t;
    }

    private void launch(Instance i, Path releaseDir, Instant now) {
        Set<Integer> held = instances.values().stream()
                .filter(Instance::hasProcess)
                .map(Instance::port)
                .collect(Collectors.toSet());
        OptionalInt port = ports.allocate(held);
        if (port.isEmpty()) {
            i.failed("no free port in " + ports.range(), now.plus(FETCH_RETRY));
            changed();
            return;
        }
        Path logFile = logs.file(i.spec().app(), i.id());
        try {
            AppUser user = isolation.users().forInstance(i.spec().user());
            Cgroup cgroup = i.cgroup() != null
                    ? i.cgroup()
                    : isolation.cgroups().create(i.id(), i.spec().resources());
            Path envFile = runDir.resolve(i.id() + ".env");
            Launcher.Plan plan = launcher.plan(i.spec(), port.getAsInt(), releaseDir, logFile, envFile, user, cgroup);
            i.started(launcher.start(plan), port.getAsInt(), now, user.name(), cgroup);
            log.info(
                    "instance started instance={} pid={} port={} user={}",
                    i.id(),
                    i.handle().pid(),
                    i.port(),
                    user.name());
            note(
                    i,
                    "started pid=" + i.handle().pid() + " port=" + i.port() + " release="
                            + i.spec().release() + " user=" + user.name()
                            + limits(i.spec().resources(), cgroup)
                            + (i.spec().user() != null && !isolation.users().switching()
                                    ? " (user " + i.spec().user()
                                            + " of gantry.yml applies only when the agent runs as root)"
                                    : ""));
        } catch (IOException e) {
            i.failed("could not start: " + e.getMessage(), now.plus(FETCH_RETRY));
            note(i, i.message());
        }
        changed();
    }

    /** How the start line in the log tells the limits: {@code memory=256Mi cpu=0.5}, or that they are not enforced. */
    private String limits(AppSpec.Resources r, Cgroup cgroup) {
        if (r.equals(AppSpec.Resources.NONE)) return "";
        if (cgroup == null)
            return " (resources not enforced: cgroups unavailable: "
                    + isolation.cgroups().problem() + ")";
        return (r.memoryBytes() > 0 ? " memory=" + AppSpec.Resources.sizeText(r.memoryBytes()) : "")
                + (r.cpu() > 0 ? " cpu=" + r.cpu() : "");
    }

    private void watch(Instance i, Instant now) {
        if (i.alive()) return;
        i.killOrphans();
        i.exited(now);
        log.warn("instance exited instance={} state={} message=\"{}\"", i.id(), i.state(), i.message());
        note(i, i.message());
        changed();
    }

    private void stop(Instance i) {
        log.info("stopping instance={} state={}", i.id(), i.state());
        if (i.stop(clock.instant())) {
            note(i, i.message());
            changed();
        } else {
            remove(i);
        }
    }

    private void remove(Instance i) {
        instances.remove(i.id());
        if (i.cgroup() != null && !i.cgroup().remove()) busyCgroups.add(i.cgroup());
        try {
            java.nio.file.Files.deleteIfExists(runDir.resolve(i.id() + ".env"));
        } catch (IOException e) {
            log.warn("cannot delete the environment file of instance={} error={}", i.id(), e.toString());
        }
        log.info("instance removed instance={}", i.id());
        changed();
    }

    private synchronized void probed(String id, long generation, HealthCheck.Result result) {
        Instance i = instances.get(id);
        if (i == null) return;
        try {
            apply(i, generation, result);
        } catch (RuntimeException e) {
            // never leave the probe out: a probe still marked running is never sent again, and the instance would
            // stay in its state for good
            log.error("applying a health probe failed instance={}", id, e);
            if (i.probed(generation, new HealthCheck.Result(false, "health probe failed: " + e), clock.instant()))
                onChange.run();
        }
    }

    private void apply(Instance i, long generation, HealthCheck.Result result) {
        String id = i.id();
        if (i.becomesReady(generation, result)) result = confirmOwner(i, result);
        if (result == null) return;
        if (i.probed(generation, result, clock.instant())) {
            if (i.state() == InstanceState.READY)
                i.observedTree(ProcessTree.of(i.handle()).members());
            log.info("instance health changed instance={} state={} detail=\"{}\"", id, i.state(), result.message());
            note(i, i.state() + " (" + result.message() + ")");
            onChange.run();
        }
    }

    /**
     * Before an instance becomes READY: whether the socket its health path answered on is its own. Another process
     * on its port (taken between the allocator's check and the app's bind) would get its traffic: its tree is killed
     * and it is restarted on another port (null: nothing more to apply). Nothing listening makes the probe a failed
     * one. Where /proc cannot tell, the health check alone decides, as it did before.
     */
    private HealthCheck.Result confirmOwner(Instance i, HealthCheck.Result result) {
        int port = i.port();
        PortOwner.Verdict owner;
        try {
            owner = owners.of(port, i.pids());
        } catch (RuntimeException e) { // a process or fd gone while /proc was read: it cannot tell this time
            owner = new PortOwner.Unknown("reading /proc failed: " + e);
        }
        return switch (owner) {
            case PortOwner.Own own -> result;
            case PortOwner.Nobody nobody ->
                new HealthCheck.Result(false, result.message() + ", but nothing listens on port " + port);
            case PortOwner.Unknown unknown -> {
                if (!ownersUnknownLogged)
                    log.warn(
                            "cannot tell who listens on an instance's port, its health check alone makes it READY"
                                    + " instance={} reason=\"{}\"",
                            i.id(),
                            unknown.why());
                ownersUnknownLogged = true;
                yield result;
            }
            case PortOwner.Foreign foreign -> {
                String pid =
                        foreign.pid().isPresent() ? String.valueOf(foreign.pid().getAsLong()) : "unreadable";
                String why = "port " + port + " is held by another process"
                        + (foreign.pid().isPresent() ? " (pid " + pid + ")" : "");
                log.warn("instance port taken by another process instance={} port={} pid={}", i.id(), port, pid);
                i.kill();
                i.portHeld(why, clock.instant());
                note(i, i.message());
                changed();
                yield null;
            }
        };
    }

    private void note(Instance i, String text) {
        logs.note(i.spec().app(), i.id(), clock.instant(), text);
    }

    private void changed() {
        List<InstanceRecord> records = new ArrayList<>();
        instances.values().stream()
                .filter(Instance::hasProcess)
                .map(Instance::record)
                .forEach(records::add);
        try {
            store.save(records);
        } catch (RuntimeException e) {
            log.error("could not save instances file error={}", e.getMessage());
        }
        onChange.run();
    }
}

package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.DesiredState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host agent: pulls desired state, runs instances as child processes, health-checks and restarts them,
 * reports to the control plane and serves instance logs. Instances outlive the agent: {@link #close()} leaves
 * them running and the next agent on the same data directory adopts them.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration SECOND = Duration.ofSeconds(1);
    /** After SIGKILL: how long to wait for the processes to be gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final ControlPlane controlPlane;
    private final Clock clock;
    private final ScheduledExecutorService loops =
            Executors.newScheduledThreadPool(3, Threads.daemon("gantry-agent-loop"));
    private final ExecutorService fetches = Executors.newCachedThreadPool(Threads.daemon("gantry-agent-fetch"));
    private final DesiredStateStore desiredStore;
    private final InstanceStore instanceStore;
    private final LogFiles logs;
    private final HealthCheck health;
    private final ResourceSampler sampler = new ResourceSampler(new ProcStat(Path.of("/proc")));
    private final Reporter reporter;
    private final Supervisor supervisor;
    private final HostIsolation isolation;
    private volatile DesiredState lastDesired;
    private volatile AgentEndpoint endpoint;
    private boolean controlPlaneDown;

    public Agent(AgentConfig config, ControlPlane controlPlane, Clock clock) {
        this.config = config;
        this.controlPlane = controlPlane;
        this.clock = clock;
        this.desiredStore = new DesiredStateStore(config.dataDir());
        this.instanceStore = new InstanceStore(config.dataDir());
        this.logs = new LogFiles(config.dataDir());
        this.health = new HealthCheck(config.healthTimeout());
        this.reporter = new Reporter(controlPlane, this::report);
        this.isolation = HostIsolation.probe(config);
        PortOwner owners = PortOwner.probe(Path.of("/proc"));
        owners.problem()
                .ifPresent(why -> log.warn(
                        "cannot tell who listens on a port, instances become READY on their health check alone"
                                + " reason=\"{}\"",
                        why));
        ReleaseCache releases = new ReleaseCache(
                config.dataDir(),
                controlPlane,
                config.archiveLimits(),
                fetches,
                isolation.users().switching(),
                isolation.dataDirMode());
        Launcher launcher =
                new Launcher(System.getProperty("java.home"), AppUser.agent().uid(), isolation.privateMounts());
        this.supervisor = new Supervisor(
                config,
                launcher,
                new PortAllocator(config.portFrom(), config.portTo()),
                releases,
                instanceStore,
                health,
                logs,
                isolation,
                owners,
                clock,
                reporter::trigger);
    }

    /** Adopts the instances of a previous run, then starts the loops and the agent endpoint. */
    public void start() {
        if (endpoint != null) throw new IllegalStateException("agent already started");
        try {
            OwnerOnly.directories(config.dataDir());
            Files.setPosixFilePermissions(config.dataDir(), isolation.dataDirMode());
            MetricsReaders readers = new MetricsReaders(controlPlane::readsMetrics, clock);
            endpoint = new AgentEndpoint(
                    config.address(),
                    config.httpPort(),
                    config.token(),
                    logs,
                    openMetrics -> AgentMetrics.render(report(), health, openMetrics),
                    readers::allows);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "agent: cannot start on " + config.address() + ":" + config.httpPort() + " with data dir "
                            + config.dataDir() + ": " + e.getMessage(),
                    e);
        }
        lastDesired = desiredStore.load().orElse(null);
        supervisor.adopt(instanceStore.load());
        endpoint.start();
        every("reconcile", config.reconcileInterval(), this::reconcile);
        every("supervise", TICK, supervisor::tick);
        every("health", SECOND, supervisor::probeHealth);
        every("sample", SECOND, this::sample);
        every("housekeeping", SECOND, supervisor::housekeeping);
        Threads.daemon("gantry-agent-report").newThread(reporter).start();
        log.info(
                "agent started host={} url={} dataDir={}",
                config.host(),
                config.agentUrl(httpPort()),
                config.dataDir());
    }

    public List<InstanceStatus> statuses() {
        return supervisor.statuses();
    }

    /** The port the agent endpoint listens on (useful with httpPort 0). */
    public int httpPort() {
        if (endpoint == null) throw new IllegalStateException("agent not started");
        return endpoint.port();
    }

    /**
     * Stops every instance gracefully (SIGTERM, SIGKILL after its grace period) and waits until all are gone.
     * The agent takes no new desired state afterwards.
     */
    public void stopAllInstances() {
        supervisor.stopAll();
        awaitExits(Duration.ofSeconds(supervisor.maxGraceSeconds()));
        supervisor.tick(); // forgets what exited; SIGKILL to what outlived its grace
        awaitExits(KILL_WAIT);
        supervisor.tick();
        if (!supervisor.isEmpty()) {
            log.warn("instances still present after stopping all statuses={}", supervisor.statuses());
        } else {
            isolation.cgroups().removeAll();
        }
    }

    /** Waits on the stopping processes' exits ({@link ProcessHandle#onExit}), at most {@code bound}. */
    private void awaitExits(Duration bound) {
        try {
            supervisor.exits().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.debug("instances still stopping after {}", bound);
        } catch (ExecutionException e) {
            log.warn(
                    "waiting for instances to exit failed error={}",
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the agent's loops and endpoint. Instances keep running. */
    @Override
    public void close() {
        reporter.stop();
        loops.shutdownNow();
        fetches.shutdownNow();
        try {
            loops.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (endpoint != null) endpoint.close();
        health.close();
        log.info("agent closed host={}, instances keep running", config.host());
    }

    private void reconcile() {
        try {
            DesiredState desired = controlPlane.desired(config.host());
            if (desired == null) throw new IOException("control plane returned no desired state");
            if (desired.host() != null && !desired.host().equals(config.host())) {
                throw new IOException("desired state is for host " + desired.host() + ", not " + config.host());
            }
            if (!desired.equals(lastDesired)) desiredStore.save(desired);
            lastDesired = desired;
            if (controlPlaneDown) log.info("control plane reachable again host={}", config.host());
            controlPlaneDown = false;
        } catch (IOException | RuntimeException e) {
            if (!controlPlaneDown) {
                log.warn(
                        "control plane unreachable, instances keep running on the last desired state version={} error=\"{}\"",
                        lastDesired == null ? "none" : lastDesired.version(),
                        e.getMessage());
            }
            controlPlaneDown = true;
        }
        if (lastDesired != null) supervisor.apply(lastDesired);
    }

    private void sample() {
        Instant now = clock.instant();
        Map<Instance, ProcessHandle> running = supervisor.running();
        Map<Long, ProcessTree> trees = ProcessTree.ofAll(running.values());
        running.forEach((instance, root) -> {
            List<ProcessHandle> tree = trees.get(root.pid()).members();
            supervisor.observed(instance, tree, sampler.sample(root.pid(), tree, now));
        });
        sampler.retain(trees.keySet());
    }

    private AgentReport report() {
        ResourceSampler.HostUsage host = sampler.host();
        DesiredState desired = lastDesired;
        return new AgentReport(
                config.host(),
                config.address(),
                config.agentUrl(httpPort()),
                clock.millis(),
                desired == null ? 0 : desired.version(),
                supervisor.statuses(),
                host.cpuPercent(),
                host.memUsedBytes(),
                host.memTotalBytes(),
                isolation.report(),
                Runtime.getRuntime().availableProcessors(),
                config.version(),
                config.apps());
    }

    private void every(String name, Duration period, Runnable task) {
        loops.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("agent loop failed loop={}", name, e);
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}

package dev.gantry.server.releases;

import dev.gantry.api.AppSpec;
import dev.gantry.api.AppSpecParser;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.api.Route.CanarySplit;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.files.OwnerOnly;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.store.Redis;
import dev.gantry.server.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations on apps: deploy (an upload built into a numbered, immutable release, then rolled
 * out), rollback, scale, stop, delete, and cancel. Each is a deployment that holds its app (a second
 * one gets 409 naming it) and is stored in Redis; {@link RollingUpdate} carries it out, event by
 * event. {@link #start()} takes up the deployments a stopped control plane left running.
 */
public final class Deployer {
    private static final Logger log = LoggerFactory.getLogger(Deployer.class);
    private final AppStore store;
    private final Fleet fleet;
    private final DeploymentStore deployments;
    private final ReleaseBuild build;
    private final RollingUpdate rollingUpdate;
    private final Outcomes outcomes;
    private final Clock clock;
    private final Executor workers;
    private final ScheduledExecutorService engine;
    private final Map<String, Future<?>> builds = new ConcurrentHashMap<>();
    private final CanaryStore canaries;
    private final HostFailover failover;

    /**
     * How deployments run.
     *
     * @param drainDelay   how long an instance takes no new requests before it is stopped
     * @param keepReleases how many READY releases per app keep their artifact (besides live, rollback target, in use)
     * @param platformEnv  what every instance gets besides its gantry.yml env, read at each placement
     * @param unpackLimits how far an upload may expand when unpacked
     * @param stepTimeout  how long gantry.yml's test command, and then its build command, may each run
     */
    public record Settings(
            Path dataDir,
            Duration drainDelay,
            int keepReleases,
            Supplier<Map<String, String>> platformEnv,
            ArchiveLimits unpackLimits,
            Duration stepTimeout) {
        public Settings(
                Path dataDir,
                Duration drainDelay,
                int keepReleases,
                Supplier<Map<String, String>> platformEnv,
                ArchiveLimits unpackLimits) {
            this(dataDir, drainDelay, keepReleases, platformEnv, unpackLimits, UploadLimits.DEFAULT_BUILD_TIMEOUT);
        }

        public Settings(
                Path dataDir, Duration drainDelay, int keepReleases, Supplier<Map<String, String>> platformEnv) {
            this(dataDir, drainDelay, keepReleases, platformEnv, ArchiveLimits.DEFAULT);
        }
    }

    /**
     * @param routesChanged recomputes the route table
     * @param engine        where every step of every deployment runs: one thread (or a test's manual scheduler)
     * @param workers       where builds run
     */
    /** Told when a deployment ends, once, on the deploy engine's thread: its app, operation verb and outcome. */
    @FunctionalInterface
    public interface Ended {
        void ended(String app, String operation, DeploymentState state);
    }

    /** Calls {@code listener} for each deployment that ends from now on (the deploy counters of {@code /metrics}). */
    public void onEnded(Ended listener) {
        outcomes.onEnded(listener);
    }

    public Deployer(
            AppStore store,
            Fleet fleet,
            Redis redis,
            Runnable routesChanged,
            Clock clock,
            ScheduledExecutorService engine,
            Executor workers,
            Settings settings) {
        this.store = store;
        this.fleet = fleet;
        this.deployments = new DeploymentStore(redis);
        this.canaries = new CanaryStore(redis);
        this.build = new ReleaseBuild(settings.dataDir(), settings.unpackLimits(), settings.stepTimeout());
        this.outcomes = new Outcomes(store, build, settings.keepReleases(), clock);
        this.rollingUpdate = new RollingUpdate(
                store,
                fleet,
                deployments,
                outcomes,
                routesChanged,
                clock,
                engine,
                settings.drainDelay(),
                settings.platformEnv(),
                canaries,
                new StandbyStore(redis));
        this.clock = clock;
        this.failover = new HostFailover(store, fleet, deployments, rollingUpdate.hosts(), routesChanged, clock);
        this.workers = workers;
        this.engine = engine;
    }

    /**
     * Listens to the agents' reports, and takes up what a stopped control plane left running: a build
     * fails ("control plane restarted during step BUILDING"), a rollout resumes its step with the
     * deadline it had (or fails, and undoes itself, when what it waited for is gone); stale app locks go.
     */
    public void start() {
        fleet.onChange(rollingUpdate::instanceChanged);
        rollingUpdate.resumeStandbys();
        for (DeploymentRecord r : deployments.running()) {
            if (r.step().building()) {
                rollingUpdate.post(
                        r.id(), d -> rollingUpdate.end(d, DeploymentState.FAILED, RollingUpdate.restarted(d)));
            } else {
                rollingUpdate.post(r.id(), rollingUpdate::resume);
            }
        }
        deployments.locks().forEach((app, id) -> {
            if (deployments.get(id).map(r -> r.state().done()).orElse(true)) deployments.unlock(app, id);
        });
    }

    /**
     * Looks for lost hosts every {@link HostFailover#EVERY} on a thread of its own and moves their instances on
     * the engine ({@link HostFailover}); close what it answers to stop.
     */
    public AutoCloseable watchHosts() {
        return failover.watch(engine);
    }

    /** What the routes are built from: the reports of the hosts not lost ({@link HostFailover}). */
    public java.util.List<dev.gantry.api.AgentReport> routable(
            java.util.Collection<dev.gantry.api.AgentReport> reports) {
        java.util.Set<String> lost = failover.lost();
        return reports.stream().filter(r -> !lost.contains(r.host())).toList();
    }

    /** The hosts lost now ({@link HostFailover}): out of the routes, their instances placed elsewhere. */
    public java.util.Set<String> lostHosts() {
        return failover.lost();
    }

    /** One look at the hosts now (what {@link #watchHosts()} does every {@link HostFailover#EVERY}). */
    void checkHosts() {
        failover.check(engine);
    }

    /** Validates the upload now (400 with the gantry.yml problems), then builds and rolls out in the background. */
    public DeploymentAccepted deploy(Path sourceTarGz, String actor, String source) throws IOException {
        Path dir = build.unpack(sourceTarGz);
        AppSpec spec;
        String id = newId();
        try {
            Path yml = dir.resolve("gantry.yml");
            if (!Files.exists(yml))
                throw new ApiException(400, "gantry.yml: not found at the top of the uploaded directory");
            spec = AppSpecParser.parse(Files.readString(yml));
            if (!deployments.lock(spec.name(), id)) throw busy(spec.name());
        } catch (RuntimeException e) {
            ReleaseBuild.deleteTree(dir);
            throw e;
        }
        DeploymentRecord r;
        Release release;
        try {
            AppRecord app = store.app(spec.name())
                    .orElse(new AppRecord(spec.name(), spec, 0, spec.instances(), clock.millis()));
            if (app.release() == 0) store.save(app);
            int number = store.nextReleaseNumber(spec.name());
            Path releaseDir = build.releaseDir(spec.name(), number);
            OwnerOnly.directories(releaseDir.getParent());
            Files.move(dir, releaseDir, StandardCopyOption.ATOMIC_MOVE);
            release = new Release(spec.name(), number, clock.millis(), source, spec, ReleaseStatus.BUILDING, "", 0);
            store.save(release);
            int count = app.release() == 0 ? spec.instances() : app.instances();
            r = DeploymentRecord.begin(id, spec.name(), number, Operation.DEPLOY, actor, count, clock.millis());
            deployments.save(r);
        } catch (IOException | RuntimeException e) {
            deployments.unlock(spec.name(), id);
            ReleaseBuild.deleteTree(dir);
            throw e;
        }
        record(spec.name(), actor, "deploy", "release " + release.number() + " from " + source);
        FutureTask<Void> task = new FutureTask<>(() -> runBuild(r, release), null);
        builds.put(id, task);
        workers.execute(task);
        return accepted(r);
    }

    /** Deploys an earlier release again, without a rebuild; with no number, the one that was live before the live one. */
    public DeploymentAccepted rollback(String appName, Integer number, String actor) {
        AppRecord app = app(appName);
        Release target = number == null
                ? Retention.rollbackTarget(store.releases(appName), app.release())
                        .orElseThrow(() ->
                                ApiException.conflict(appName + " has no earlier deployed release to roll back to"))
                : store.release(appName, number)
                        .orElseThrow(() -> ApiException.notFound("release " + number + " of " + appName));
        if (target.status() != ReleaseStatus.READY)
            throw ApiException.conflict("release " + target.number() + " is " + target.status());
        if (target.pruned()) {
            throw ApiException.conflict("release " + target.number() + " of " + appName
                    + " was pruned (keepReleases): its artifact" + " is deleted; deploy its source again");
        }
        int count = app.release() == 0 ? target.spec().instances() : app.instances();
        DeploymentRecord r = begin(appName, target.number(), Operation.ROLLBACK, count, actor);
        record(appName, actor, "rollback", "to release " + target.number());
        rollingUpdate.post(r.id(), rollingUpdate::start);
        return accepted(r);
    }

    public DeploymentAccepted scale(String appName, int count, String actor) {
        if (count < 0 || count > 100) throw new ApiException(400, "instances: must be 0..100, was " + count);
        AppRecord app = app(appName);
        store.release(appName, app.release())
                .orElseThrow(() -> ApiException.conflict(appName + " has no release yet; deploy it first"));
        DeploymentRecord r = begin(appName, app.release(), Operation.SCALE, count, actor);
        record(appName, actor, "scale", app.instances() + " -> " + count);
        rollingUpdate.post(r.id(), rollingUpdate::start);
        return accepted(r);
    }

    public DeploymentAccepted stop(String appName, String actor) {
        return retire(appName, Operation.STOP, actor, "all instances");
    }

    /** Stops and drains every instance, then removes the app, its route, releases and artifacts. */
    public DeploymentAccepted delete(String appName, String actor) {
        return retire(appName, Operation.DELETE, actor, "the app, its instances, route, releases and artifacts");
    }

    /** Stops a running deployment: 202 and it ends CANCELLED; 409 when it has ended. */
    public DeploymentAccepted cancel(String id, String actor) {
        DeploymentRecord r = deployments.get(id).orElseThrow(() -> ApiException.notFound("deployment " + id));
        if (r.state().done()) throw ApiException.conflict("deployment " + id + " has already ended: " + r.state());
        record(r.app(), actor, "cancel", "deployment " + id + " (" + r.describe() + ")");
        rollingUpdate.post(id, d -> cancelNow(d, actor));
        return accepted(r);
    }

    /**
     * Stops the deployment that holds the app (also a first deploy, before the app exists): 202; 404 for an
     * unknown app; 409 when no operation on it runs.
     */
    public DeploymentAccepted cancelRunning(String appName, String actor) {
        Optional<DeploymentRecord> running = deployments
                .holder(appName)
                .flatMap(deployments::get)
                .filter(r -> !r.state().done());
        if (running.isPresent()) return cancel(running.get().id(), actor);
        app(appName);
        throw ApiException.conflict("no operation on " + appName + " is in progress; nothing to cancel");
    }

    /** Judges canaries with the routers' traffic and these judges (until called: no traffic, never a verdict). */
    public void judgeCanaries(CanaryInputs.TrafficSource traffic, CanaryInputs.JudgeFactory judges) {
        rollingUpdate.canary().use(traffic, judges);
    }

    /** How routers split each app with a running canary. */
    public Map<String, CanarySplit> canarySplits() {
        return rollingUpdate.canary().splits();
    }

    /** A router saw an error burst on the canary release of an app. */
    public void canaryTripped(String app, int release, String router) {
        rollingUpdate.canary().tripped(app, release, router);
    }

    /**
     * {@code gantry promote}: a running canary goes to its next step now (with {@code full}: to every instance); a
     * blue-green deploy waiting for it ({@code verify: manual}) switches.
     * 409 when no canary runs on the app.
     */
    public DeploymentAccepted promote(String appName, boolean full, String actor) {
        Optional<DeploymentRecord> blueGreen = deployments
                .holder(appName)
                .flatMap(deployments::get)
                .filter(d -> !d.state().done() && d.step() == Step.PROMOTION);
        if (blueGreen.isPresent()) {
            rollingUpdate.promote(blueGreen.get(), actor);
            return accepted(blueGreen.get());
        }
        DeploymentRecord r = runningCanary(appName, "promote");
        rollingUpdate.post(r.id(), d -> rollingUpdate.canary().promote(d, full, actor));
        return accepted(r);
    }

    /** {@code gantry abort}: all traffic back to stable and the canary removed; its deployment ends CANCELLED. */
    public DeploymentAccepted abort(String appName, String actor) {
        DeploymentRecord r = runningCanary(appName, "abort");
        rollingUpdate.post(r.id(), d -> rollingUpdate.canary().abort(d, actor));
        return accepted(r);
    }

    /** The app's running canary, or how its latest one ended; 404 when it never had one. */
    public CanaryStatus canary(String appName) {
        app(appName);
        return canaries.latest(appName)
                .map(CanaryState::view)
                .orElseThrow(() -> ApiException.notFound("canary of " + appName + " (it never had one)"));
    }

    private DeploymentRecord runningCanary(String appName, String verb) {
        app(appName);
        Optional<DeploymentRecord> running = deployments
                .holder(appName)
                .flatMap(deployments::get)
                .filter(r -> !r.state().done());
        if (running.isPresent() && canaries.running(appName, running.get().id()).isPresent()) return running.get();
        String what = running.map(r -> ": deployment " + r.id() + " (" + r.describe() + ") is not a canary")
                .orElse(": no deployment is running");
        throw ApiException.conflict("no canary of " + appName + " is running, nothing to " + verb + what);
    }

    /** A deployment as a client following it from line {@code from} sees it; read from Redis. */
    public Deployment deployment(String id, int from) {
        return deployments
                .get(id)
                .map(r -> deployments.view(r, from))
                .orElseThrow(() -> ApiException.notFound("deployment " + id));
    }

    /**
     * A long poll: the deployment from line {@code from} as soon as it has a line past {@code from} or has
     * ended, or as it is when {@code wait} is over. Woken by the lines and saves of this control plane; the
     * answer is read from Redis on a worker, never on the engine. An unknown id throws at once.
     */
    public CompletableFuture<Deployment> deployment(String id, int from, Duration wait) {
        Deployment now = deployment(id, from);
        if (wait.isZero() || moved(now, from)) return CompletableFuture.completedFuture(now);
        CompletableFuture<Void> change = deployments.nextChange(id);
        Deployment again = deployment(id, from); // a line written before the watch was set
        if (moved(again, from)) {
            change.cancel(false);
            return CompletableFuture.completedFuture(again);
        }
        ScheduledFuture<?> timeout =
                engine.schedule(() -> change.complete(null), wait.toMillis(), TimeUnit.MILLISECONDS);
        return change.thenApplyAsync(
                v -> {
                    timeout.cancel(false);
                    return deployment(id, from);
                },
                workers);
    }

    private static boolean moved(Deployment d, int from) {
        return d.next() > from || d.state().done();
    }

    /** The engine the deployments run on (promote, and tests). */
    RollingUpdate rollingUpdate() {
        return rollingUpdate;
    }

    public Path artifact(String app, int release) {
        return build.artifact(app, release);
    }

    private DeploymentAccepted retire(String appName, Operation operation, String actor, String what) {
        AppRecord app = app(appName);
        DeploymentRecord r = begin(appName, app.release(), operation, 0, actor);
        record(appName, actor, operation.verb(), what);
        rollingUpdate.post(r.id(), rollingUpdate::start);
        return accepted(r);
    }

    private void runBuild(DeploymentRecord r, Release release) {
        try {
            Release built =
                    build.run(release, build.releaseDir(release.app(), release.number()), new ReleaseBuild.Output() {
                        @Override
                        public void step(Step step, String command) {
                            rollingUpdate.post(
                                    r.id(), d -> deployments.save(d.building(step, command, clock.millis())));
                            deployments.log(r.id(), step.name().toLowerCase() + ": " + command);
                        }

                        @Override
                        public void line(String line) {
                            deployments.log(r.id(), line);
                        }
                    });
            rollingUpdate.post(r.id(), d -> built(d, built));
        } catch (InterruptedException e) {
            Thread.currentThread()
                    .interrupt(); // cancelled, or the control plane stops: the cancel, or the next start, ends it
        } catch (IOException | RuntimeException e) {
            log.error("build failed app={} deployment={}", r.app(), r.id(), e);
            rollingUpdate.post(r.id(), d -> rollingUpdate.end(d, DeploymentState.FAILED, "build error: " + e));
        } finally {
            builds.remove(r.id());
        }
    }

    private void built(DeploymentRecord r, Release built) {
        store.save(built);
        if (built.status() == ReleaseStatus.READY) rollingUpdate.start(r);
        else rollingUpdate.end(r, DeploymentState.FAILED, built.message());
    }

    private void cancelNow(DeploymentRecord r, String actor) {
        if (!r.step().building()) {
            rollingUpdate.cancel(r, actor);
            return;
        }
        Future<?> running = builds.remove(r.id());
        if (running != null) running.cancel(true);
        rollingUpdate.end(
                r,
                DeploymentState.CANCELLED,
                "cancelled by " + actor + " during " + r.step() + RollingUpdate.KEEP_SERVING);
    }

    private DeploymentRecord begin(String app, int release, Operation operation, int target, String actor) {
        String id = newId();
        if (!deployments.lock(app, id)) throw busy(app);
        DeploymentRecord r = DeploymentRecord.begin(id, app, release, operation, actor, target, clock.millis());
        try {
            deployments.save(r);
        } catch (RuntimeException e) {
            deployments.unlock(app, id);
            throw e;
        }
        return r;
    }

    private ApiException busy(String app) {
        String running = deployments
                .holder(app)
                .flatMap(deployments::get)
                .map(r -> ": deployment " + r.id() + " (" + r.describe() + ")")
                .orElse("");
        return ApiException.conflict("an operation on " + app + " is in progress" + running);
    }

    private AppRecord app(String name) {
        return store.app(name).orElseThrow(() -> ApiException.notFound("app " + name));
    }

    private void record(String app, String actor, String action, String detail) {
        store.record(new HistoryEvent(clock.millis(), app, actor, action, detail));
    }

    private static DeploymentAccepted accepted(DeploymentRecord r) {
        return new DeploymentAccepted(r.id(), r.app(), r.release());
    }

    private static String newId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

package dev.gantry.server.releases;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.archive.TarGz;
import dev.gantry.server.ManualClock;
import dev.gantry.server.ManualScheduler;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.routing.RouteTableBuilder;
import dev.gantry.server.routing.RouteTables;
import dev.gantry.server.store.Redis;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The deploy side of a control plane on a real Redis, without HTTP: a manual clock, a manual engine
 * and a manual build runner, so a test runs every step itself; one {@link FakeAgent} for host h1.
 * {@link #restart()} drops this one, with whatever it had in memory or queued, and starts another
 * on the same Redis and data directory.
 */
final class TestControlPlane implements AutoCloseable {
    static final Duration DRAIN = Duration.ofSeconds(1);
    final ManualClock clock;
    final ManualScheduler engine;
    final ManualScheduler builds;
    final Redis redis;
    final AppStore store;
    final Fleet fleet;
    final RouteTables tables;
    final Deployer deployer;
    final FakeAgent agent;
    private final URI redisUri;
    private final Path dataDir;
    private final int keepReleases;
    private int uploads;

    private TestControlPlane(URI redisUri, Path dataDir, ManualClock clock, int keepReleases) {
        this.redisUri = redisUri;
        this.dataDir = dataDir;
        this.clock = clock;
        this.keepReleases = keepReleases;
        this.engine = new ManualScheduler(clock);
        this.builds = new ManualScheduler(clock);
        this.redis = new Redis(redisUri);
        this.store = new AppStore(redis);
        this.fleet = new Fleet(redis, clock);
        this.tables = new RouteTables(
                () -> RouteTableBuilder.routes(store.apps(), store.placements(), routable(), splits()), clock);
        this.deployer = new Deployer(
                store,
                fleet,
                redis,
                tables::refresh,
                clock,
                engine,
                builds,
                new Deployer.Settings(dataDir, DRAIN, keepReleases, Map::of));
        this.agent = new FakeAgent("h1", fleet, store, clock);
        deployer.start();
    }

    private java.util.List<dev.gantry.api.AgentReport> routable() {
        return deployer == null ? java.util.List.copyOf(fleet.agents()) : deployer.routable(fleet.agents());
    }

    private Map<String, dev.gantry.api.Route.CanarySplit> splits() {
        return deployer == null ? Map.of() : deployer.canarySplits();
    }

    /** On an emptied Redis, in {@code dir}/data, at 2026-01-05T10:00:00Z. */
    static TestControlPlane fresh(URI redisUri, Path dir, int keepReleases) throws IOException {
        try (Redis r = new Redis(redisUri)) {
            r.sync().flushall();
        }
        return start(
                redisUri,
                Files.createDirectories(dir.resolve("data")),
                new ManualClock(Instant.parse("2026-01-05T10:00:00Z")),
                keepReleases);
    }

    static TestControlPlane start(URI redisUri, Path dataDir, ManualClock clock, int keepReleases) {
        return new TestControlPlane(redisUri, dataDir, clock, keepReleases);
    }

    /** This one stops as if killed (nothing queued runs); another starts on the same Redis and data dir. */
    TestControlPlane restart() {
        close();
        return start(redisUri, dataDir, clock, keepReleases);
    }

    /** Uploads an app directory with this gantry.yml, as the CLI would. */
    DeploymentAccepted deploy(String gantryYml) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(dataDir.resolveSibling("src-" + (++uploads)));
        Files.writeString(dir.resolve("gantry.yml"), gantryYml);
        Path tar = dataDir.resolveSibling("upload-" + uploads + ".tar.gz");
        TarGz.pack(dir, tar);
        agent.report();
        return deployer.deploy(tar, "admin", "test");
    }

    /** Runs builds and steps due now, with the agent reporting between them, until nothing is left to run now. */
    void runDue() {
        do {
            agent.report();
        } while (builds.runDue() + engine.runDue() > 0);
    }

    /** Lets time pass (drain delays, deadlines), the agent reporting every second as a real one does. */
    void advance(Duration d) {
        for (long left = d.toMillis(); left > 0; left -= 1000) {
            runDue();
            engine.advance(Duration.ofMillis(Math.min(1000, left)));
        }
        runDue();
    }

    /** Runs until the deployment ends (the agent as it is told), at most a simulated minute. */
    Deployment finish(DeploymentAccepted d) {
        for (int i = 0; i < 60 && !view(d).state().done(); i++) advance(Duration.ofSeconds(1));
        return view(d);
    }

    Deployment view(DeploymentAccepted d) {
        return deployer.deployment(d.deployment(), 0);
    }

    List<Placement> placements(String app) {
        return store.placements(app).stream()
                .sorted(java.util.Comparator.comparing(Placement::createdAt).thenComparing(Placement::id))
                .toList();
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        engine.shutdownNow();
        builds.shutdownNow();
        redis.close();
    }
}

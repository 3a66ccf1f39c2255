package dev.gantry.server.dashboard;

import dev.gantry.server.agents.Fleet;
import dev.gantry.server.alerts.Alerts;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.metrics.SeriesStore;
import dev.gantry.server.releases.Deployer;
import dev.gantry.server.store.Redis;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's server side, built once per control plane: logins ({@link Sessions}, kept in Redis so every
 * control plane on it knows them), the page's files ({@link PageRoutes}), the live event stream
 * ({@link EventStream}, fed by the fleet's reports, the apps, the alerts and the series), and one thread that
 * closes the streams of sessions that ended elsewhere.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final Duration SWEEP = Duration.ofSeconds(3);
    private final SessionStore store;
    private final Sessions sessions;
    private final CredentialStore credentials;
    private final Clock clock;
    private final EventStream stream;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gantry-dashboard").daemon().factory());

    /** Starts the event stream: it takes every report {@code fleet} gets from now on. */
    public Dashboard(
            Redis redis,
            CredentialStore credentials,
            Fleet fleet,
            AppStore apps,
            Deployer deployer,
            Alerts alerts,
            SeriesStore series,
            Clock clock,
            Duration sessionTtl) {
        this.store = new SessionStore(redis, clock, sessionTtl);
        this.sessions = new Sessions(store, credentials, clock);
        this.credentials = credentials;
        this.clock = clock;
        AppWatch appWatch = new AppWatch(apps, deployer, redis);
        AlertWatch alertWatch = new AlertWatch(alerts);
        this.stream = new EventStream(clock, redis, appWatch::poll, alertWatch::poll, new TrafficReader(series));
        fleet.onReport(stream::report);
        stream.start();
        timer.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What {@link dev.gantry.server.web.Access} asks about cookie requests. */
    public Sessions sessions() {
        return sessions;
    }

    public void register(ApiRoutes routes, Access access) {
        new PageRoutes().register(routes);
        new EventRoutes(stream, access, sessions).register(routes);
        new SessionRoutes(store, sessions, credentials, new LoginThrottle(clock), clock).register(routes);
    }

    private void sweep() {
        try {
            sessions.closeEnded();
        } catch (RuntimeException e) {
            log.warn("could not check dashboard streams for ended sessions: {}", e.toString());
        }
    }

    /** How many event streams are open here. */
    public int viewers() {
        return stream.viewers();
    }

    @Override
    public void close() {
        stream.close();
        timer.shutdownNow();
    }
}

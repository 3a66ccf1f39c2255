package dev.gantry.server.releases;

import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ending deployment writes besides itself. On success: the app record (live release, number
 * of instances) and the release's deployedAt, then old artifacts pruned; or, for a delete, the app gone.
 * On failure or cancel of a deploy: its release marked FAILED with the reason. Always: a history line.
 */
final class Outcomes {
    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);
    private final AppStore store;
    private final ReleaseBuild build;
    private final int keepReleases;
    private final Clock clock;
    private final java.util.List<Deployer.Ended> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    Outcomes(AppStore store, ReleaseBuild build, int keepReleases, Clock clock) {
        this.store = store;
        this.build = build;
        this.keepReleases = keepReleases;
        this.clock = clock;
    }

    /** Writes what the deployment achieved and says it in one line. */
    String succeeded(DeploymentRecord r) {
        AppRecord app = store.app(r.app()).orElseThrow(() -> new IllegalStateException("app " + r.app() + " is gone"));
        return switch (r.operation()) {
            case DEPLOY, ROLLBACK -> live(app, r);
            case SCALE -> {
                store.save(app.withInstances(r.target()));
                yield r.app() + " runs " + r.target() + " instance(s)";
            }
            case STOP -> {
                store.save(app.withInstances(0));
                yield r.app() + " stopped";
            }
            case DELETE -> {
                delete(app.name());
                yield r.app() + " deleted: no instance, route, release or artifact is left";
            }
        };
    }

    /** Marks a deploy's release FAILED unless it went live, and writes the history line. */
    void ended(DeploymentRecord r) {
        if (r.operation() == Operation.DEPLOY && r.state() != DeploymentState.SUCCEEDED) {
            store.release(r.app(), r.release())
                    .filter(rel -> rel.status() != ReleaseStatus.FAILED)
                    .ifPresent(rel -> store.save(rel.withStatus(
                            ReleaseStatus.FAILED,
                            (rel.status() == ReleaseStatus.READY && r.state() == DeploymentState.FAILED
                                            ? "rollout failed: "
                                            : "")
                                    + r.message())));
        }
        store.record(new HistoryEvent(clock.millis(), r.app(), "gantry", "result", r.message()));
        for (Deployer.Ended l : listeners) {
            try {
                l.ended(r.app(), r.operation().verb(), r.state());
            } catch (RuntimeException e) {
                log.warn("deployment end listener failed app={} error={}", r.app(), e.toString());
            }
        }
    }

    void onEnded(Deployer.Ended listener) {
        listeners.add(listener);
    }

    /** Deletes the files of the releases {@link Retention} does not keep and marks them pruned; a failure is only logged. */
    void prune(String app) {
        int live = store.app(app).map(AppRecord::release).orElse(0);
        Set<Integer> inUse =
                store.placements(app).stream().map(p -> p.spec().release()).collect(Collectors.toSet());
        try {
            for (int n : build.prune(app, store.releases(app), live, inUse, keepReleases)) {
                store.release(app, n).filter(rel -> !rel.pruned()).ifPresent(rel -> store.save(rel.withPruned()));
            }
        } catch (IOException e) {
            log.warn(
                    "pruning old releases failed app={} error=\"{}\"; the next successful deploy tries again",
                    app,
                    e.toString());
        }
    }

    private String live(AppRecord app, DeploymentRecord r) {
        Release release = store.release(r.app(), r.release())
                .orElseThrow(() -> new IllegalStateException("release " + r.release() + " of " + r.app() + " is gone"));
        store.save(release.deployed(clock.millis()));
        store.save(new AppRecord(app.name(), release.spec(), release.number(), r.target(), app.createdAt()));
        prune(app.name());
        return app.name() + " release " + release.number() + " is live";
    }

    private void delete(String app) {
        for (Placement p : store.placements(app)) store.remove(p.id());
        store.delete(app);
        try {
            build.deleteFiles(app);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the files of " + app + ": " + e.getMessage(), e);
        }
    }
}

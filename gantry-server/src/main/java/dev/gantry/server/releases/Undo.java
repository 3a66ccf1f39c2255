package dev.gantry.server.releases;

import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a failed or cancelled deployment puts things back, one step of the {@link RollingUpdate} engine at a time: old
 * instances it drained serve again, those it stopped are placed again and awaited (RESTORING), and its new ones are
 * drained and removed; then it ends as its outcome says.
 */
final class Undo {
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    private final RollingUpdate engine;
    private final AppStore store;
    private final Runnable changed;
    private final Clock clock;

    Undo(RollingUpdate engine, AppStore store, Runnable changed, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.changed = changed;
        this.clock = clock;
    }

    /**
     * One step back at a time: old instances drained serve again and new ones not ready go at once;
     * then old ones stopped are placed again (RESTORING), then the new ones that serve are drained.
     */
    void run(DeploymentRecord r) {
        for (Placement p : engine.placed(r.old())) {
            if (p.draining()) {
                store.put(p.undrain());
                engine.log(r, "serving again: " + p.id());
            }
        }
        for (Placement p : engine.placed(r.fresh())) {
            if (!engine.isReady(p.id())) {
                store.remove(p.id());
                engine.log(r, "removed " + p.id());
            }
        }
        changed.run();
        List<Placement> serving = engine.placed(r.fresh());
        if (!r.retired().isEmpty()) restore(r);
        else if (!serving.isEmpty()) engine.drain(r, serving);
        else engine.end(r, r.outcome(), r.message());
    }

    private void restore(DeploymentRecord r) {
        List<String> ids = new ArrayList<>();
        Duration timeout = Duration.ZERO;
        try {
            for (Placement old : r.retired()) {
                Placement copy = engine.put(NewInstances.copyOf(old.spec()), false);
                ids.add(copy.id());
                engine.log(r, "restoring " + old.id() + " as " + copy.id() + " on " + copy.host());
                timeout = max(
                        timeout,
                        store.release(r.app(), old.spec().release())
                                .map(rel -> rel.spec().healthTimeout())
                                .orElse(RESTORE_TIMEOUT));
            }
        } catch (IllegalStateException noAgent) {
            engine.log(r, "cannot restore the stopped instances: " + noAgent.getMessage());
            r = r.withMessage(r.message() + "; " + (r.retired().size() - ids.size())
                    + " stopped instance(s) could not be placed again: " + noAgent.getMessage());
        }
        DeploymentRecord next = r.withRetired(List.of());
        if (ids.isEmpty()) {
            run(next);
            return;
        }
        long now = clock.millis();
        engine.await(next.at(Step.RESTORING, ids, now, now + timeout.toMillis()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

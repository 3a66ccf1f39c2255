package dev.gantry.server.dashboard;

import dev.gantry.api.Deployment;
import dev.gantry.api.Strategy;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Verdict;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.releases.Deployer;
import dev.gantry.server.store.Redis;
import dev.gantry.server.web.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The apps as the dashboard shows them, polled once a second (the deploy engine tells no listener of its
 * progress): each app's live release, the deployment holding it (its id is the app's lock, {@code gantry:lock:<app>},
 * as {@code DeploymentStore} keeps it) with its latest progress line, and its running canary with the judge's
 * latest verdict; and which placed instances take no traffic.
 */
final class AppWatch {
    private static final String LOCK = "gantry:lock:";
    private final AppStore store;
    private final Deployer deployer;
    private final Redis redis;

    AppWatch(AppStore store, Deployer deployer, Redis redis) {
        this.store = store;
        this.deployer = deployer;
        this.redis = redis;
    }

    /** What instances are placed (id to whether it drains: no traffic) and which {@code app@release} are canaries. */
    record Placed(Map<String, Boolean> draining, Set<String> canaries) {
        static final Placed NONE = new Placed(Map.of(), Set.of());
    }

    /** One poll's answer. */
    record Polled(List<AppCard> apps, Placed placed) {}

    Polled poll() {
        List<AppCard> cards = new ArrayList<>();
        Set<String> canaries = new HashSet<>();
        for (AppRecord a : store.apps()) {
            AppCard.CanaryCard canary = canary(a.name());
            if (canary != null) canaries.add(a.name() + "@" + canary.release());
            cards.add(new AppCard(a.name(), a.release(), deployment(a, canary), canary));
        }
        Map<String, Boolean> draining = new HashMap<>();
        for (Placement p : store.placements()) draining.put(p.id(), p.draining());
        return new Polled(cards, new Placed(draining, canaries));
    }

    /** The deployment holding the app; its step is the canary's ("2/3") when one runs, else null. */
    private AppCard.RolloutCard deployment(AppRecord a, AppCard.CanaryCard canary) {
        String id = redis.sync().get(LOCK + a.name());
        if (id == null) return null;
        Deployment d;
        try {
            d = deployer.deployment(id, Integer.MAX_VALUE);
            if (d.state().done()) return null;
            if (d.next() > 0) d = deployer.deployment(id, d.next() - 1);
        } catch (ApiException e) {
            return null; // ended and expired between the two reads
        }
        String last = d.lines().isEmpty() ? null : d.lines().getLast();
        String step = canary == null ? null : canary.step() + "/" + canary.steps();
        return new AppCard.RolloutCard(
                d.id(), d.release(), strategy(a), d.state().name(), step, last != null ? last : d.message());
    }

    private AppCard.CanaryCard canary(String app) {
        CanaryStatus c;
        try {
            c = deployer.canary(app);
        } catch (ApiException e) {
            return null; // it never had one
        }
        if (!c.state().equals("running")) return null;
        Verdict v = c.verdict();
        List<String> reasons = new ArrayList<>();
        if (c.paused() && c.pauseReason() != null) reasons.add(c.pauseReason());
        if (v != null) {
            if (v.reason() != null) reasons.add(v.reason());
            for (MetricVerdict m : v.metrics()) reasons.add(m.metric() + ": " + m.reason());
        }
        return new AppCard.CanaryCard(
                c.weight(),
                c.step(),
                c.steps(),
                c.state(),
                c.canaryRelease(),
                v == null ? null : v.decision().name(),
                List.copyOf(reasons));
    }

    private static String strategy(AppRecord a) {
        Strategy s = a.spec() == null ? null : a.spec().strategy();
        return switch (s) {
            case Strategy.Canary c -> "canary";
            case Strategy.BlueGreen b -> "blue-green";
            case null, default -> "rolling";
        };
    }
}

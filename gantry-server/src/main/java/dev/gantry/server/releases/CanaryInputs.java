package dev.gantry.server.releases;

import dev.gantry.api.Strategy;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;

/** What a canary rollout is judged with: the routers' traffic, and a judge per step. The server wires both. */
public final class CanaryInputs {
    private CanaryInputs() {}

    /** Compares the two arms window by window, each verdict using every window so far; one per step. */
    public interface Judge {
        Verdict observe(Window window);
    }

    /** A fresh judge for one step of a canary with this analysis and this many steps. */
    public interface JudgeFactory {
        Judge create(Strategy.Analysis analysis, int steps);
    }

    /** What the routers saw of one release of an app between two instants (CPU and memory are added after). */
    public interface TrafficSource {
        Arm arm(String app, int release, long fromMillis, long toMillis);
    }
}

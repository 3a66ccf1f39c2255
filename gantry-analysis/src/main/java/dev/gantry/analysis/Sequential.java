package dev.gantry.analysis;

import dev.gantry.api.canary.SequentialResult;
import dev.gantry.api.canary.Window;
import java.util.List;

/** The sequential judge over a request's windows; not available in this build yet. */
final class Sequential {
    private Sequential() {}

    static SequentialResult judge(double alpha, List<Window> windows) {
        throw new UnsupportedOperationException(
                "mode sequential: the sequential judge is not part of this build yet; use a Kayenta config");
    }
}

package dev.gantry.server.releases;

import dev.gantry.analysis.sequential.SequentialJudge;
import dev.gantry.analysis.sequential.SequentialSettings;
import dev.gantry.api.Strategy;

/** The judges a live canary is judged with, one per step, by its analysis' {@code judge}. */
public final class CanaryJudges {
    private CanaryJudges() {}

    /**
     * {@code judge: kayenta} gets {@link KayentaLiveJudge}; the default, {@code sequential}: the sequential judge at alpha / steps, so that the whole rollout, every step and every look
     * included, raises a false alarm with probability at most alpha (Bonferroni across steps; within a step the
     * test is anytime-valid).
     */
    public static CanaryInputs.JudgeFactory live() {
        return (analysis, steps) -> analysis.judge() == Strategy.Judge.KAYENTA
                ? new KayentaLiveJudge(analysis)
                : sequential(analysis, steps);
    }

    static CanaryInputs.Judge sequential(Strategy.Analysis analysis, int steps) {
        SequentialJudge judge = new SequentialJudge(SequentialSettings.of(analysis.alpha() / Math.max(1, steps)));
        return judge::observe;
    }
}

package dev.gantry.analysis.simulation;

import dev.gantry.analysis.sequential.SequentialJudge;
import dev.gantry.analysis.sequential.SequentialSettings;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs a scenario many times, each run on its own seed (first seed + run index), and lets the sequential judge and
 * an interval judge decide on the same streams. Runs go in parallel; the outcome does not depend on it.
 */
public final class CanarySimulation {
    private final SequentialSettings settings;
    private final Supplier<IntervalJudge> classic;

    /** @param classic a new judge to run beside the sequential one, one per run; null for none */
    public CanarySimulation(SequentialSettings settings, Supplier<IntervalJudge> classic) {
        this.settings = settings;
        this.classic = classic;
    }

    public List<RunOutcome> run(Scenario scenario, int runs, long firstSeed) {
        return IntStream.range(0, runs)
                .parallel()
                .mapToObj(i -> runOnce(scenario, firstSeed + i))
                .toList();
    }

    public RunOutcome runOnce(Scenario scenario, long seed) {
        List<Window> windows = new TrafficSimulator(scenario, seed).windows();
        int interval = scenario.intervalSeconds(), end = windows.size() * interval;
        SequentialJudge judge = new SequentialJudge(settings);
        Decision sequential = Decision.CONTINUE;
        int sequentialSeconds = end;
        boolean anyRollback = false;
        for (int i = 0; i < windows.size(); i++) {
            Verdict verdict = judge.observe(windows.get(i));
            if (sequential == Decision.CONTINUE && verdict.decision() != Decision.CONTINUE) {
                sequential = verdict.decision();
                sequentialSeconds = (i + 1) * interval;
            }
            anyRollback |= judge.evidence().decision() == Decision.ROLLBACK;
            if (sequential == Decision.ROLLBACK) break; // nothing left to learn from this run
        }
        if (classic == null) return new RunOutcome(seed, sequential, sequentialSeconds, anyRollback, null, 0);
        IntervalJudge intervals = classic.get();
        for (int i = 1; i <= windows.size(); i++) {
            Decision decision = intervals.observe(windows.get(i - 1));
            if (decision == Decision.ROLLBACK)
                return new RunOutcome(
                        seed, sequential, sequentialSeconds, anyRollback, Decision.ROLLBACK, i * interval);
            if (i == windows.size())
                return new RunOutcome(
                        seed,
                        sequential,
                        sequentialSeconds,
                        anyRollback,
                        decision == Decision.PROMOTE ? Decision.PROMOTE : Decision.ROLLBACK,
                        end);
        }
        throw new IllegalStateException("windows: a run needs at least one, had " + windows.size());
    }
}

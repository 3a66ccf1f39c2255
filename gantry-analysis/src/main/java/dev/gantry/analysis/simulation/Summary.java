package dev.gantry.analysis.simulation;

import dev.gantry.api.canary.Decision;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A scenario's runs counted: per judge, how many reached each decision, how many reached the expected one by the
 * scenario's deadline, and the median time to it.
 */
public record Summary(Scenario scenario, List<RunOutcome> runs) {

    public long sequential(Decision decision) {
        return count(r -> r.sequential() == decision);
    }

    public long classic(Decision decision) {
        return count(r -> r.classic() == decision);
    }

    /** Runs where the sequential judge's evidence said ROLLBACK at any of the looks (A/A: false alarms). */
    public long sequentialAnyRollback() {
        return count(RunOutcome::sequentialAnyRollback);
    }

    public long sequentialInTime() {
        return count(r -> r.sequential() == scenario.expected() && r.sequentialSeconds() <= scenario.deadlineSeconds());
    }

    public long classicInTime() {
        return count(r -> r.classic() == scenario.expected() && r.classicSeconds() <= scenario.deadlineSeconds());
    }

    /** Median seconds to the expected decision over the runs that reached it; NaN when none did. */
    public double sequentialMedianSeconds() {
        return sequentialMedianSeconds(scenario.expected());
    }

    public double classicMedianSeconds() {
        return classicMedianSeconds(scenario.expected());
    }

    /** Median seconds to the decision over the runs that reached it; NaN when none did. */
    public double sequentialMedianSeconds(Decision decision) {
        return median(r -> r.sequential() == decision, RunOutcome::sequentialSeconds);
    }

    public double classicMedianSeconds(Decision decision) {
        return median(r -> r.classic() == decision, RunOutcome::classicSeconds);
    }

    /** Runs the interval judge rolled back by the given second. */
    public long classicRollbackBy(int seconds) {
        return count(r -> r.classic() == Decision.ROLLBACK && r.classicSeconds() <= seconds);
    }

    private long count(Predicate<RunOutcome> test) {
        return runs.stream().filter(test).count();
    }

    private double median(Predicate<RunOutcome> test, ToIntFunction<RunOutcome> seconds) {
        int[] sorted = runs.stream().filter(test).mapToInt(seconds).sorted().toArray();
        if (sorted.length == 0) return Double.NaN;
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}

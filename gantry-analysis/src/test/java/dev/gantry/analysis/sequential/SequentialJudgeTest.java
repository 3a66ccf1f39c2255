package dev.gantry.analysis.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialJudgeTest {
    private static final SequentialSettings SETTINGS = SequentialSettings.of(0.01);

    @Test
    void a_canary_erring_six_times_as_often_is_rolled_back_with_its_numbers() {
        SequentialJudge judge = new SequentialJudge(SETTINGS);
        Verdict verdict = null;
        for (int i = 0; i < 6 && (verdict == null || verdict.decision() == Decision.CONTINUE); i++)
            verdict = judge.observe(new Window(new Arm(4500, 45), new Arm(500, 30)));

        assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
        MetricVerdict errors = metric(verdict, "errors");
        assertThat(errors.decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(errors.reason()).startsWith("canary error rate 6.00% vs 1.00%: ratio > 1.10 at 99.8%");
        assertThat(errors.numbers().get("ratioLower")).isGreaterThan(1.1);
        assertThat(errors.numbers().get("eValueRollback")).isGreaterThanOrEqualTo(400);
        assertThat(verdict.reason()).startsWith("rollback after");
    }

    @Test
    void a_zero_error_baseline_is_no_special_case() {
        List<Window> clean = Collections.nCopies(10, new Window(new Arm(4500, 0), new Arm(500, 0)));
        List<Verdict> verdicts = SequentialJudge.judgeAll(SETTINGS, clean);
        MetricVerdict errors = metric(verdicts.getLast(), "errors");
        assertThat(verdicts.getLast().decision()).isEqualTo(Decision.PROMOTE);
        assertThat(errors.numbers().values()).allMatch(Double::isFinite);

        List<Window> failing = Collections.nCopies(10, new Window(new Arm(4500, 0), new Arm(500, 10)));
        Verdict rolledBack = SequentialJudge.judgeAll(SETTINGS, failing).getLast();
        assertThat(rolledBack.decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(metric(rolledBack, "errors").numbers().values()).allMatch(Double::isFinite);
    }

    @Test
    void tiny_samples_continue_even_when_every_canary_request_fails() {
        Verdict verdict = new SequentialJudge(SETTINGS).observe(new Window(new Arm(90, 0), new Arm(10, 10)));
        assertThat(verdict.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(metric(verdict, "errors").reason()).startsWith("waiting for data: 10 of 100 canary requests");
    }

    @Test
    void a_decision_is_repeated_whatever_comes_after() {
        SequentialJudge judge = new SequentialJudge(SETTINGS);
        Verdict first = null;
        while (first == null || first.decision() == Decision.CONTINUE)
            first = judge.observe(new Window(new Arm(4500, 0), new Arm(500, 0)));
        assertThat(first.decision()).isEqualTo(Decision.PROMOTE);
        Verdict later = judge.observe(new Window(new Arm(4500, 0), new Arm(500, 500)));
        assertThat(later).isEqualTo(first);
        assertThat(judge.evidence().decision()).isEqualTo(Decision.ROLLBACK);
    }

    @Test
    void latency_twice_as_slow_is_rolled_back_and_the_same_latency_promoted() {
        SplittableRandom random = new SplittableRandom(42);
        List<Window> slower = new ArrayList<>(), same = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            slower.add(new Window(arm(random, 1000, 20), arm(random, 500, 40)));
            same.add(new Window(arm(random, 1000, 20), arm(random, 500, 20)));
        }
        Verdict slow = SequentialJudge.judgeAll(SETTINGS, slower).getLast();
        assertThat(slow.decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(metric(slow, "latency").reason()).contains("p50").contains("p95");
        assertThat(SequentialJudge.judgeAll(SETTINGS, same).getLast().decision())
                .isEqualTo(Decision.PROMOTE);
    }

    @Test
    void identical_counts_looked_at_every_window_roll_back_no_more_often_than_alpha() {
        SequentialSettings loose = SequentialSettings.of(0.2); // 5% for errors: a bound a test can see
        int rolledBack = 0;
        for (long seed = 0; seed < 100; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            SequentialJudge judge = new SequentialJudge(loose);
            boolean any = false;
            for (int i = 0; i < 60; i++) {
                judge.observe(new Window(counts(random, 4500, 0.01), counts(random, 500, 0.01)));
                any |= judge.evidence().decision() == Decision.ROLLBACK;
            }
            if (any) rolledBack++;
        }
        assertThat(rolledBack).isLessThanOrEqualTo(12); // at most 5 of 100 expected at worst
    }

    @Test
    void cpu_half_again_as_high_is_rolled_back_after_the_minimum_windows_and_unknown_cpu_is_skipped() {
        SplittableRandom random = new SplittableRandom(5);
        List<Window> hot = new ArrayList<>(), unknown = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double noise = random.nextGaussian();
            hot.add(new Window(
                    new Arm(4500, 0, List.of(), 40 + noise, 2e8), new Arm(500, 0, List.of(), 60 + noise, 2e8)));
            unknown.add(new Window(new Arm(4500, 0), new Arm(500, 0)));
        }
        List<Verdict> verdicts = SequentialJudge.judgeAll(SETTINGS, hot);
        assertThat(metric(verdicts.get(3), "cpu").reason()).startsWith("waiting for data: 4 of 5 windows");
        assertThat(verdicts.get(3).decision()).isNotEqualTo(Decision.ROLLBACK);
        assertThat(verdicts.getLast().decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(metric(verdicts.getLast(), "cpu").decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(metric(verdicts.getLast(), "memory").decision()).isEqualTo(Decision.PROMOTE);

        Verdict counted = SequentialJudge.judgeAll(SETTINGS, unknown).getLast();
        assertThat(metric(counted, "cpu").reason()).startsWith("not judged");
        assertThat(counted.decision()).isEqualTo(Decision.PROMOTE);
    }

    @Test
    void settings_out_of_range_are_refused_naming_the_field() {
        assertThatThrownBy(() -> SequentialSettings.of(0)).hasMessageStartingWith("alpha:");
        assertThatThrownBy(() -> SequentialSettings.of(Double.NaN)).hasMessageStartingWith("alpha:");
        assertThatThrownBy(() -> new SequentialSettings(0.01, -0.1, 0.005, 0.1, 0.2, 0.2, 100, 50, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("errorRatioTolerance:");
        assertThatThrownBy(() -> new SequentialSettings(0.01, 0.1, 2, 0.1, 0.2, 0.2, 100, 50, 5))
                .hasMessageStartingWith("errorRateTolerance:");
        assertThatThrownBy(() -> new SequentialSettings(0.01, 0.1, 0.005, 0.1, 0.2, 0.2, 0, 50, 5))
                .hasMessageStartingWith("minRequests:");
        assertThatThrownBy(() -> new SequentialJudge(SETTINGS).observe(null)).hasMessageStartingWith("window:");
    }

    private static Arm counts(SplittableRandom random, int requests, double errorRate) {
        int errors = 0;
        for (int i = 0; i < requests; i++) if (random.nextDouble() < errorRate) errors++;
        return new Arm(requests, errors);
    }

    private static Arm arm(SplittableRandom random, int requests, double medianMs) {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < requests; i++) latencies.add(medianMs * Math.exp(0.5 * random.nextGaussian()));
        return new Arm(requests, 0, latencies, null, null);
    }

    static MetricVerdict metric(Verdict verdict, String name) {
        return verdict.metrics().stream()
                .filter(m -> m.metric().equals(name))
                .findFirst()
                .orElseThrow();
    }
}

package dev.gantry.analysis.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differences too small to act on never roll a canary back, however sure the judge is of them: seen on real
 * canaries, where a freshly started JVM answered in 1.5 ms against stable's 1 ms and burned 8% CPU against 4%.
 */
class FloorsTest {
    final Random random = new Random(3);

    @Test
    void halfAMillisecondSlowerAtOneMillisecondIsNoRegressionButTwentyMillisecondsAtTwentyIs() {
        assertThat(metric(run(1.0, 1.5, 4, 4), "latency")).isNotEqualTo(Decision.ROLLBACK);
        assertThat(metric(run(20, 40, 4, 4), "latency")).isEqualTo(Decision.ROLLBACK);
    }

    @Test
    void fourPointsMoreCpuIsNoRegressionButTwentyPointsMoreIs() {
        assertThat(metric(run(20, 20, 4, 8), "cpu")).isNotEqualTo(Decision.ROLLBACK);
        assertThat(metric(run(20, 20, 20, 40), "cpu")).isEqualTo(Decision.ROLLBACK);
    }

    /** 60 windows of 900 stable and 100 canary requests, without errors; the verdict on all of them. */
    private Verdict run(double stableMs, double canaryMs, double stableCpu, double canaryCpu) {
        SequentialJudge judge = new SequentialJudge(SequentialSettings.of(0.01));
        for (int w = 0; w < 60; w++)
            judge.observe(new Window(arm(900, stableMs, stableCpu), arm(100, canaryMs, canaryCpu)));
        return judge.evidence();
    }

    private Arm arm(int requests, double medianMs, double cpu) {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < Math.min(requests, Arm.MAX_SAMPLE); i++)
            latencies.add(medianMs * Math.exp(0.2 * random.nextGaussian()));
        return new Arm(requests, 0, latencies, cpu + 0.3 * random.nextGaussian(), 1e8);
    }

    private static Decision metric(Verdict v, String name) {
        return v.metrics().stream()
                .filter(m -> m.metric().equals(name))
                .map(MetricVerdict::decision)
                .findFirst()
                .orElseThrow();
    }
}

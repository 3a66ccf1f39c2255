package dev.gantry.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.Strategy;
import dev.gantry.api.canary.Arm;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code judge: kayenta} on a live canary: Kayenta's classic judge re-run over the intervals so far. */
class KayentaLiveJudgeTest {
    static final Strategy.Analysis ANALYSIS = new Strategy.Analysis(
            Duration.ofSeconds(10), Strategy.Judge.KAYENTA, 0.01, 50, 95, 75, Duration.ofMinutes(10));
    final Random random = new Random(7);

    @Test
    void continuesUntilItHasTenIntervalsThenScoresAnIdenticalCanaryAPass() {
        CanaryInputs.Judge judge = CanaryJudges.live().create(ANALYSIS, 2);
        assertThat(judge).isInstanceOf(KayentaLiveJudge.class);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 12; i++) verdicts.add(judge.observe(new Window(arm(900, 0.01, 20), arm(100, 0.01, 20))));
        assertThat(verdicts.get(0).decision()).isEqualTo(Decision.CONTINUE);
        assertThat(verdicts.get(0).reason()).isEqualTo("kayenta: 1 of 10 intervals before a score");
        assertThat(verdicts.getLast().decision())
                .as(verdicts.getLast().reason())
                .isEqualTo(Decision.PROMOTE);
        assertThat(verdicts.getLast().metrics())
                .extracting(m -> m.metric())
                .containsExactly("error_rate", "latency_p95", "cpu", "memory");
    }

    @Test
    void aCanaryFailingFivePercentOfRequestsScoresZeroOnTheCriticalErrorRate() {
        CanaryInputs.Judge judge = CanaryJudges.live().create(ANALYSIS, 2);
        Verdict last = null;
        for (int i = 0; i < 12; i++) last = judge.observe(new Window(arm(900, 0.001, 20), arm(100, 0.06, 20)));
        assertThat(last.decision()).as(last.reason()).isEqualTo(Decision.ROLLBACK);
        assertThat(last.reason()).startsWith("kayenta score 0.0 (Fail");
        assertThat(last.metrics().getFirst().reason()).startsWith("High");
    }

    @Test
    void theSequentialJudgeIsTheDefault() {
        Strategy.Analysis sequential = new Strategy.Analysis(null, null, 0.01, 50, 95, 75, null);
        assertThat(CanaryJudges.live().create(sequential, 2)).isNotInstanceOf(KayentaLiveJudge.class);
    }

    private Arm arm(long requests, double errorRate, double medianMs) {
        long errors = 0;
        List<Double> latencies = new ArrayList<>();
        for (long i = 0; i < requests; i++) {
            if (random.nextDouble() < errorRate) errors++;
            else if (latencies.size() < Arm.MAX_SAMPLE) latencies.add(medianMs * Math.exp(0.4 * random.nextGaussian()));
        }
        return new Arm(requests, errors, latencies, 5 + random.nextGaussian() * 0.2, 1e8 + random.nextGaussian() * 1e5);
    }
}

package dev.gantry.analysis.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.analysis.sequential.SequentialSettings;
import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's simulation, small and with fixed seeds: counts with generous margins, never speed. */
class CanarySimulationTest {
    private static final SequentialSettings SETTINGS = SequentialSettings.of(0.01);

    @Test
    void identical_canaries_are_not_rolled_back_and_mostly_promoted() {
        CanarySimulation simulation = new CanarySimulation(SETTINGS, () -> window -> Decision.CONTINUE);
        Summary summary = new Summary(Scenario.identical(), simulation.run(Scenario.identical(), 100, 1_000));

        assertThat(summary.sequentialAnyRollback()).isLessThanOrEqualTo(3);
        assertThat(summary.sequential(Decision.PROMOTE)).isGreaterThanOrEqualTo(80);
        assertThat(summary.classic(Decision.ROLLBACK))
                .as("a judge never passing is a rollback at the end")
                .isEqualTo(100);
        assertThat(summary.runs()).extracting(RunOutcome::classicSeconds).containsOnly(600);
    }

    @Test
    void regressed_canaries_are_rolled_back() {
        CanarySimulation simulation = new CanarySimulation(SETTINGS, null);
        for (Scenario scenario :
                List.of(Scenario.errorsPlus5Points(), Scenario.latencyP95Plus50(), Scenario.errorsDoubled())) {
            Summary summary = new Summary(scenario, simulation.run(scenario, 50, 2_000));
            assertThat(summary.sequential(Decision.ROLLBACK))
                    .as(scenario.name())
                    .isGreaterThanOrEqualTo(45);
            assertThat(summary.sequentialInTime()).as(scenario.name()).isGreaterThanOrEqualTo(40);
            assertThat(summary.sequentialMedianSeconds())
                    .as(scenario.name())
                    .isLessThanOrEqualTo(scenario.deadlineSeconds());
        }
    }

    @Test
    void the_streams_carry_the_scenario() {
        Scenario doubled = Scenario.errorsDoubled();
        List<Window> windows = new TrafficSimulator(doubled, 7).windows();
        long canaryRequests =
                windows.stream().mapToLong(w -> w.canary().requests()).sum();
        long baselineRequests =
                windows.stream().mapToLong(w -> w.baseline().requests()).sum();
        long canaryErrors = windows.stream().mapToLong(w -> w.canary().errors()).sum();
        long baselineErrors =
                windows.stream().mapToLong(w -> w.baseline().errors()).sum();

        assertThat(windows).hasSize(60);
        assertThat(canaryRequests).isBetween(28_000L, 32_000L);
        assertThat(baselineRequests).isBetween(265_000L, 275_000L);
        assertThat((double) canaryErrors / canaryRequests).isBetween(0.017, 0.023);
        assertThat((double) baselineErrors / baselineRequests).isBetween(0.009, 0.011);
        assertThat(windows.getFirst().baseline().latencyMs()).hasSize(1000);
        assertThat(LatencyModel.TYPICAL.withP95Times(1.5).quantile(0.95) / LatencyModel.TYPICAL.quantile(0.95))
                .isCloseTo(1.5, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void a_seed_gives_the_same_run() {
        CanarySimulation simulation = new CanarySimulation(SETTINGS, null);
        assertThat(simulation.runOnce(Scenario.errorsDoubled(), 11))
                .isEqualTo(simulation.runOnce(Scenario.errorsDoubled(), 11));
    }
}

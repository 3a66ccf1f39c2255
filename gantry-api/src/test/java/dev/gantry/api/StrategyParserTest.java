package dev.gantry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyParserTest {
    private static final String HEAD = "name: web\nrun: ./app\ninstances: 4\n";

    private static Strategy strategy(String yaml) {
        return AppSpecParser.parse(HEAD + yaml).strategy();
    }

    /** The one problem of a spec whose first three lines are {@link #HEAD}. */
    private static String problem(String yaml) {
        SpecException e = catchThrowableOfType(SpecException.class, () -> AppSpecParser.parse(HEAD + yaml));
        assertThat(e).as("a problem with%n%s", yaml).isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().getFirst();
    }

    @Test
    void withoutAStrategyADeployIsTheRollingUpdateOfOneInstanceAtATime() {
        assertThat(AppSpecParser.parse("name: web\nrun: ./app\n").strategy()).isEqualTo(new Strategy.Rolling(1, 0));
        assertThat(strategy("strategy:\n")).isEqualTo(Strategy.DEFAULT);
        assertThat(strategy("strategy: { rolling: {} }\n")).isEqualTo(Strategy.DEFAULT);
    }

    @Test
    void theThreeFormsAreReadWithTheirSettings() {
        assertThat(strategy("strategy:\n  rolling: { maxSurge: 2, maxUnavailable: 1 }\n"))
                .isEqualTo(new Strategy.Rolling(2, 1));
        assertThat(strategy("strategy:\n  blueGreen: { verify: /smoke, rollbackWindow: 30m }\n"))
                .isEqualTo(new Strategy.BlueGreen("/smoke", false, Duration.ofMinutes(30)));
        assertThat(strategy("strategy:\n  blueGreen: { verify: manual }\n"))
                .isEqualTo(new Strategy.BlueGreen(null, true, Duration.ofMinutes(10)));
        assertThat(strategy("strategy: { blueGreen: }\n"))
                .isEqualTo(new Strategy.BlueGreen(null, false, Duration.ofMinutes(10)));

        Strategy canary = strategy("""
                strategy:
                  canary:
                    steps: [ {weight: 10, pause: 30s}, {weight: 33, pause: manual}, {weight: 100} ]
                    analysis: { interval: 5s, judge: kayenta, alpha: 0.05, errorBurst: 20%, pass: 90, marginal: 60.5, timeout: 5m }
                    onFailure: pause
                    sticky: true
                """);
        assertThat(canary)
                .isEqualTo(new Strategy.Canary(
                        List.of(
                                new Strategy.CanaryStep(10, Duration.ofSeconds(30), false),
                                new Strategy.CanaryStep(33, Duration.ZERO, true),
                                new Strategy.CanaryStep(100, Duration.ZERO, false)),
                        new Strategy.Analysis(
                                Duration.ofSeconds(5),
                                Strategy.Judge.KAYENTA,
                                0.05,
                                20,
                                90,
                                60.5,
                                Duration.ofMinutes(5)),
                        Strategy.OnFailure.PAUSE,
                        true));
    }

    @Test
    void aCanaryNeedsOnlyItsStepsAndTheLastStepNeedNotBe100() {
        Strategy.Canary canary = (Strategy.Canary) strategy("strategy:\n  canary:\n    steps:\n      - weight: 30%\n");

        assertThat(canary.steps()).containsExactly(new Strategy.CanaryStep(30, Duration.ZERO, false));
        assertThat(canary.analysis()).isEqualTo(Strategy.Analysis.DEFAULT);
        assertThat(canary.onFailure()).isEqualTo(Strategy.OnFailure.ABORT);
        assertThat(canary.sticky()).isFalse();
    }

    @Test
    void percentsOfInstancesRoundTheSurgeUpAndTheUnavailableShareDownAsKubernetesDoes() {
        assertThat(strategy("strategy: { rolling: { maxSurge: 25%, maxUnavailable: 25% } }\n"))
                .isEqualTo(new Strategy.Rolling(1, 1));
        assertThat(AppSpecParser.parse(
                                "name: web\nrun: ./app\ninstances: 3\nstrategy: { rolling: { maxSurge: 50%, maxUnavailable: 50% } }\n")
                        .strategy())
                .isEqualTo(new Strategy.Rolling(2, 1));
        assertThat(strategy("strategy: { rolling: { maxSurge: 100%, maxUnavailable: 0 } }\n"))
                .isEqualTo(new Strategy.Rolling(4, 0));
        assertThat(strategy("strategy: { rolling: { maxSurge: 0%, maxUnavailable: 10% } }\n"))
                .as("both percents come to 0 of 4 instances: one at a time may go, as in Kubernetes")
                .isEqualTo(new Strategy.Rolling(0, 1));
    }

    @Test
    void aWeightOutside1To100OrNotAboveThePreviousOneIsNamedWithItsStepAndLine() {
        assertThat(problem("strategy:\n  canary:\n    steps:\n      - weight: 10\n      - weight: 5\n"))
                .isEqualTo("strategy.canary.steps[1].weight: must be greater than 10 (weights increase step by step),"
                        + " was 5 (gantry.yml line 8)");
        assertThat(problem("strategy:\n  canary:\n    steps: [ {weight: 20}, {weight: 20} ]\n"))
                .isEqualTo("strategy.canary.steps[1].weight: must be greater than 20 (weights increase step by step),"
                        + " was 20 (gantry.yml line 6)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 0} ] } }\n"))
                .isEqualTo("strategy.canary.steps[0].weight: must be 1..100 (percent of requests), was 0"
                        + " (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 150} ] } }\n"))
                .isEqualTo("strategy.canary.steps[0].weight: must be 1..100 (percent of requests), was 150"
                        + " (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: -10} ] } }\n"))
                .isEqualTo("strategy.canary.steps[0].weight: must be 1..100 (percent of requests), was -10"
                        + " (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: lots} ] } }\n"))
                .isEqualTo("strategy.canary.steps[0].weight: must be a whole percent 1..100, was lots"
                        + " (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {pause: 1m} ] } }\n"))
                .isEqualTo("strategy.canary.steps[0].weight: is required: the percent of requests the canary gets,"
                        + " 1..100 (gantry.yml line 4)");
    }

    @Test
    void aPauseWithoutAUnitSaysToWriteOne() {
        assertThat(problem("strategy:\n  canary:\n    steps:\n      - { weight: 10, pause: 30 }\n"))
                .isEqualTo("strategy.canary.steps[0].pause: needs a unit: write e.g. 30s or 30m, was 30"
                        + " (gantry.yml line 7)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10}, {weight: 50, pause: sometimes} ] } }\n"))
                .isEqualTo("strategy.canary.steps[1].pause: must be a duration like 30s or 5m, or manual (wait for"
                        + " gantry promote), was sometimes (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10, pause: -5s} ] } }\n"))
                .isEqualTo("strategy.canary.steps[0].pause: must be a duration like 30s or 5m, or manual (wait for"
                        + " gantry promote), was -5s (gantry.yml line 4)");
        assertThat(problem("strategy: { blueGreen: { rollbackWindow: 600 } }\n"))
                .isEqualTo("strategy.blueGreen.rollbackWindow: needs a unit: write e.g. 600s or 600m, was 600"
                        + " (gantry.yml line 4)");
    }

    @Test
    void aMarginalThresholdAbovePassIsRefused() {
        assertThat(problem("strategy:\n  canary:\n    steps: [ {weight: 50} ]\n    analysis:\n      pass: 80\n"
                        + "      marginal: 85\n"))
                .isEqualTo(
                        "strategy.canary.analysis.marginal: must not be above pass (80), was 85 (gantry.yml line 9)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 50} ], analysis: { pass: 70 } } }\n"))
                .as("the default marginal, 75, is above a pass of 70")
                .isEqualTo(
                        "strategy.canary.analysis.marginal: must not be above pass (70), was 75 (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 50} ], analysis: { pass: 101 } } }\n"))
                .isEqualTo("strategy.canary.analysis.pass: must be a score 0..100, was 101 (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 50} ], analysis: { marginal: -1 } } }\n"))
                .isEqualTo("strategy.canary.analysis.marginal: must be a score 0..100, was -1 (gantry.yml line 4)");
    }

    @Test
    void anUnknownKeyGetsASuggestion() {
        assertThat(problem("strategy:\n  canary:\n    steps:\n      - { wieght: 10 }\n"))
                .startsWith("strategy.canary.steps[0].wieght: unknown key, did you mean 'weight'? (gantry.yml line 7)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10} ], onFaliure: pause } }\n"))
                .isEqualTo("strategy.canary.onFaliure: unknown key, did you mean 'onFailure'? (gantry.yml line 4)");
        assertThat(problem("strategy: { rolling: { max_surge: 2 } }\n"))
                .isEqualTo("strategy.rolling.max_surge: unknown key, did you mean 'maxSurge'? (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10} ], analysis: { intervall: 5s } } }\n"))
                .isEqualTo(
                        "strategy.canary.analysis.intervall: unknown key, did you mean 'interval'? (gantry.yml line 4)");
    }

    @Test
    void exactlyOneStrategyIsNamedAndAnUnknownOneGetsASuggestion() {
        assertThat(problem("strategy:\n  rolling: { maxSurge: 1 }\n  canary: { steps: [ {weight: 10} ] }\n"))
                .isEqualTo("strategy: give exactly one of rolling, blueGreen or canary, was rolling and canary"
                        + " (gantry.yml line 5)");
        assertThat(problem("strategy:\n  canery: { steps: [ {weight: 10} ] }\n"))
                .isEqualTo("strategy.canery: unknown key, did you mean 'canary'? (gantry.yml line 5)");
        assertThat(problem("strategy:\n  blue_green: {}\n"))
                .isEqualTo("strategy.blue_green: unknown key, did you mean 'blueGreen'? (gantry.yml line 5)");
        assertThat(problem("strategy: {}\n"))
                .isEqualTo("strategy: must name one of rolling, blueGreen or canary (gantry.yml line 4)");
        assertThat(problem("strategy: canary\n"))
                .isEqualTo("strategy: must be a mapping naming one of rolling, blueGreen or canary, like"
                        + " { blueGreen: { verify: /smoke } }, was canary (gantry.yml line 4)");
    }

    @Test
    void alphaErrorBurstAndTheJudgeMustBeInRange() {
        String head = "strategy:\n  canary:\n    steps: [ {weight: 50} ]\n    analysis:\n";
        assertThat(problem(head + "      alpha: 0.5\n"))
                .isEqualTo("strategy.canary.analysis.alpha: must be between 0 and 0.5, exclusive (the false-alarm"
                        + " level, e.g. 0.01), was 0.5 (gantry.yml line 8)");
        assertThat(problem(head + "      alpha: 0\n")).contains("analysis.alpha: must be between 0 and 0.5");
        assertThat(problem(head + "      alpha: -0.01\n")).contains("was -0.01 (gantry.yml line 8)");
        assertThat(problem(head + "      alpha: 1%\n"))
                .isEqualTo("strategy.canary.analysis.alpha: must be a number like 0.01, was 1% (gantry.yml line 8)");
        assertThat(problem(head + "      errorBurst: 50\n"))
                .isEqualTo("strategy.canary.analysis.errorBurst: must be a percent of failed requests like 50%,"
                        + " was 50 (gantry.yml line 8)");
        assertThat(problem(head + "      errorBurst: 0%\n"))
                .isEqualTo("strategy.canary.analysis.errorBurst: must be 1% to 100%, was 0% (gantry.yml line 8)");
        assertThat(problem(head + "      errorBurst: 120%\n"))
                .isEqualTo("strategy.canary.analysis.errorBurst: must be 1% to 100%, was 120% (gantry.yml line 8)");
        assertThat(problem(head + "      judge: bayes\n"))
                .isEqualTo("strategy.canary.analysis.judge: must be sequential or kayenta, was bayes"
                        + " (gantry.yml line 8)");
        assertThat(problem(head + "      judge: kayenda\n"))
                .isEqualTo("strategy.canary.analysis.judge: must be sequential or kayenta, was kayenda"
                        + " (did you mean 'kayenta'?) (gantry.yml line 8)");
        assertThat(problem(head + "      interval: 500ms\n"))
                .isEqualTo("strategy.canary.analysis.interval: must be at least 1s, was 500ms (gantry.yml line 8)");
        assertThat(problem(head + "      timeout: soon\n"))
                .isEqualTo("strategy.canary.analysis.timeout: must be a duration like 500ms, 30s, 2m, 1h or 30d,"
                        + " was soon (gantry.yml line 8)");
    }

    @Test
    void rollingLimitsMustLetSomethingBeReplacedAndNeverBeNegative() {
        assertThat(problem("strategy:\n  rolling: { maxSurge: 0, maxUnavailable: 0 }\n"))
                .isEqualTo("strategy.rolling: maxSurge and maxUnavailable must not both be 0 (no instance could ever"
                        + " be replaced) (gantry.yml line 5)");
        assertThat(problem("strategy:\n  rolling: { maxSurge: 0 }\n"))
                .as("maxUnavailable is 0 by default")
                .contains("must not both be 0");
        assertThat(problem("strategy:\n  rolling: { maxSurge: -1 }\n"))
                .isEqualTo("strategy.rolling.maxSurge: must be >= 0, was -1 (gantry.yml line 5)");
        assertThat(problem("strategy:\n  rolling: { maxUnavailable: 150% }\n"))
                .isEqualTo("strategy.rolling.maxUnavailable: must be a percent of instances from 0% to 100%,"
                        + " was 150% (gantry.yml line 5)");
        assertThat(problem("strategy:\n  rolling: { maxSurge: one }\n"))
                .isEqualTo("strategy.rolling.maxSurge: must be a number of instances like 1 or a percent of them"
                        + " like 25%, was one (gantry.yml line 5)");
    }

    @Test
    void aValueOfTheWrongKindSaysWhatWasExpected() {
        assertThat(problem("strategy:\n  canary: [ {weight: 10} ]\n"))
                .isEqualTo("strategy.canary: must be a mapping like { steps: [ {weight: 10, pause: 30s},"
                        + " {weight: 100} ] }, was a list (gantry.yml line 5)");
        assertThat(problem("strategy: { canary: { steps: {weight: 10} } }\n"))
                .isEqualTo("strategy.canary.steps: must be a list like [ {weight: 10, pause: 30s}, {weight: 100} ],"
                        + " was a mapping (gantry.yml line 4)");
        assertThat(problem("strategy: { canary: { steps: [ 10 ] } }\n"))
                .startsWith("strategy.canary.steps[0]: must be a mapping like {weight: 10, pause: 30s}, was 10");
        assertThat(problem("strategy: { canary: { steps: [] } }\n"))
                .startsWith("strategy.canary.steps: must have at least one step");
        assertThat(problem("strategy: { canary: { sticky: true } }\n"))
                .startsWith("strategy.canary.steps: is required, like [ {weight: 10, pause: 30s}, {weight: 100} ]");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10} ], analysis: [ 10s ] } }\n"))
                .startsWith("strategy.canary.analysis: must be a mapping like { interval: 10s, judge: sequential,"
                        + " alpha: 0.01 }, was a list");
        assertThat(problem("strategy: { rolling: 2 }\n"))
                .startsWith("strategy.rolling: must be a mapping like { maxSurge: 1, maxUnavailable: 0 }, was 2");
        assertThat(problem("strategy: { canary: { steps: [ {weight: [10]} ] } }\n"))
                .startsWith("strategy.canary.steps[0].weight: must be a single value");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10} ], sticky: yes please } }\n"))
                .startsWith("strategy.canary.sticky: must be true or false, was yes please");
        assertThat(problem("strategy: { canary: { steps: [ {weight: 10} ], onFailure: retry } }\n"))
                .startsWith("strategy.canary.onFailure: must be abort or pause, was retry");
        assertThat(problem("strategy: { blueGreen: { verify: smoke } }\n"))
                .isEqualTo("strategy.blueGreen.verify: must be a path starting with / (every new instance must answer"
                        + " it with 2xx) or manual (wait for gantry promote), was smoke (gantry.yml line 4)");
    }

    @Test
    void everyStrategyProblemIsReportedWithTheOthers() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> AppSpecParser.parse("""
                name: web
                run: ./app
                instances: lots
                strategy:
                  canary:
                    steps: [ {weight: 50}, {weight: 40, pause: 30} ]
                    analysis: { judge: bayes }
                """));
        assertThat(e.problems())
                .containsExactly(
                        "instances: must be a whole number, was lots (gantry.yml line 3)",
                        "strategy.canary.steps[1].weight: must be greater than 50 (weights increase step by step),"
                                + " was 40 (gantry.yml line 6)",
                        "strategy.canary.analysis.judge: must be sequential or kayenta, was bayes (gantry.yml line 7)");
    }

    @Test
    void aStrategySurvivesTheJsonTheControlPlaneStoresAppsIn() {
        for (String yaml : List.of(
                "",
                "strategy: { rolling: { maxSurge: 2, maxUnavailable: 1 } }\n",
                "strategy: { blueGreen: { verify: /smoke, rollbackWindow: 1h } }\n",
                "strategy: { canary: { steps: [ {weight: 10, pause: 30s}, {weight: 50, pause: manual} ],"
                        + " analysis: { judge: kayenta }, sticky: true } }\n")) {
            AppSpec spec = AppSpecParser.parse(HEAD + yaml);
            String json = Json.write(spec);
            assertThat(Json.read(json, AppSpec.class)).isEqualTo(spec);
        }
        assertThat(Json.write(new Strategy.Rolling(1, 0)))
                .isEqualTo("{\"rolling\":{\"maxSurge\":1,\"maxUnavailable\":0}}");
        assertThat(Json.read("{\"name\":\"web\",\"run\":\"./app\",\"instances\":1}", AppSpec.class)
                        .strategy())
                .as("an app stored before strategies existed")
                .isEqualTo(Strategy.DEFAULT);
        assertThatThrownBy(() -> Json.read("{\"canary\":{\"steps\":[]}}", Strategy.class))
                .hasMessageContaining("canary.steps: at least one step is required");
    }
}

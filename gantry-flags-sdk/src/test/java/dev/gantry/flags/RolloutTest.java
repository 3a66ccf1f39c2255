package dev.gantry.flags;

import static dev.gantry.flags.Flags.booleanFlag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTest {
    private static final int USERS = 100_000;
    private static final int PINNED = 22_953;
    private final FlagEvaluator evaluator = new FlagEvaluator("production");

    private static FlagSet split(int onWeight) {
        var env = new EnvConfig(
                true, "off", List.of(), Rollout.of(new Weight("on", onWeight), new Weight("off", 100_000 - onWeight)));
        return FlagSet.of(1, List.of(booleanFlag("rollout-flag", env)), List.of());
    }

    private int countOn(FlagSet set) {
        int on = 0;
        for (int i = 0; i < USERS; i++) {
            if (evaluator.booleanValue(set, "rollout-flag", EvaluationContext.of("user-" + i), false)) on++;
        }
        return on;
    }

    @Test
    void aQuarterSplitServesAboutAQuarterOfOneHundredThousandKeys() {
        // binomial sd = sqrt(n p (1-p)) ~ 137; allow 5 sd
        assertThat(countOn(split(25_000))).isBetween(25_000 - 700, 25_000 + 700);
    }

    @Test
    void aSplitAtThousandthsOfAPercentIsHonoured() {
        assertThat(countOn(split(33_333))).isBetween(33_333 - 750, 33_333 + 750);
        assertThat(countOn(split(10))).isBetween(0, 40);
    }

    @Test
    void theSameKeyGetsTheSameVariantInAnotherSnapshotAsAfterARestart() {
        FlagSet first = split(50_000);
        Flag reparsed = FlagJson.readFlag(FlagJson.write(first.flag("rollout-flag")));
        FlagSet second = FlagSet.of(7, List.of(reparsed), List.of());
        for (int i = 0; i < 1_000; i++) {
            var ctx = EvaluationContext.of("user-" + i);
            assertThat(evaluator.booleanValue(second, "rollout-flag", ctx, false))
                    .isEqualTo(evaluator.booleanValue(first, "rollout-flag", ctx, false));
        }
    }

    @Test
    void bucketsAreFixedAcrossReleasesOfTheSdk() {
        // murmur3_32("rollout-flag:user-42") pinned: a change here would move every user between variants
        assertThat(dev.gantry.flags.internal.CompiledRollout.bucket("rollout-flag", "user-42"))
                .isEqualTo(PINNED);
    }

    @Test
    void aRuleCanSplitTheContextsItMatches() {
        var rule = new Rule(
                "half-of-pros",
                List.of(Condition.of("plan", "equals", "pro")),
                null,
                Rollout.of(new Weight("on", 50_000), new Weight("off", 50_000)));
        var set = FlagSet.of(
                1, List.of(booleanFlag("rollout-flag", new EnvConfig(true, "off", List.of(rule), null))), List.of());
        int on = 0;
        for (int i = 0; i < 10_000; i++) {
            var ctx = EvaluationContext.builder()
                    .targetingKey("u" + i)
                    .set("plan", "pro")
                    .build();
            var e = evaluator.evaluate(set, "rollout-flag", Boolean.class, false, ctx);
            assertThat(e.reason()).isEqualTo("TARGETING_MATCH");
            if (e.value()) on++;
        }
        assertThat(on).isBetween(4_700, 5_300);
    }
}

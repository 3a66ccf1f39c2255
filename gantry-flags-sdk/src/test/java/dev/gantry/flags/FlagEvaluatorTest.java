package dev.gantry.flags;

import static dev.gantry.flags.Flags.ON_OFF;
import static dev.gantry.flags.Flags.booleanFlag;
import static dev.gantry.flags.Flags.targeted;
import static dev.gantry.flags.Flags.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagEvaluatorTest {
    private final FlagEvaluator evaluator = new FlagEvaluator("production");

    private Evaluation<Boolean> eval(FlagSet set, String key, EvaluationContext ctx) {
        return evaluator.evaluate(set, key, Boolean.class, false, ctx);
    }

    private static FlagSet setOf(Flag... flags) {
        return FlagSet.of(1, List.of(flags), List.of());
    }

    @Test
    void aFlagWithoutRulesServesItsDefaultVariantWithReasonStatic() {
        var e = eval(setOf(booleanFlag("f", EnvConfig.serving("on"))), "f", user("u"));
        assertThat(e).isEqualTo(new Evaluation<>(true, "on", "STATIC", null, null, Map.of()));
    }

    @Test
    void aMatchingRuleServesItsVariantWithReasonTargetingMatch() {
        var set = setOf(targeted("f", Condition.of("plan", "equals", "pro")));
        assertThat(eval(set, "f", user("u", "plan", "pro")))
                .extracting("value", "variant", "reason")
                .containsExactly(true, "on", "TARGETING_MATCH");
        assertThat(eval(set, "f", user("u", "plan", "free")))
                .extracting("value", "variant", "reason")
                .containsExactly(false, "off", "DEFAULT");
    }

    @Test
    void rulesAreTriedInOrderAndAllConditionsOfARuleMustHold() {
        var env = new EnvConfig(
                true,
                "off",
                List.of(
                        Rule.serve("both", "on", Condition.of("plan", "equals", "pro"), Condition.of("age", "gte", 18)),
                        Rule.serve("pro", "off", Condition.of("plan", "equals", "pro"))),
                null);
        var set = setOf(booleanFlag("f", env));
        assertThat(eval(set, "f", user("u", "plan", "pro", "age", 30)).value()).isTrue();
        assertThat(eval(set, "f", user("u", "plan", "pro", "age", 12)))
                .extracting("variant", "reason")
                .containsExactly("off", "TARGETING_MATCH");
    }

    @Test
    void aFallthroughRolloutGivesReasonSplit() {
        var env = new EnvConfig(true, null, List.of(), Rollout.of(new Weight("on", 100_000), new Weight("off", 0)));
        var e = eval(setOf(booleanFlag("f", env)), "f", user("u"));
        assertThat(e).extracting("value", "variant", "reason").containsExactly(true, "on", "SPLIT");
    }

    @Test
    void aRolloutWithoutItsBucketingAttributeFallsBackToTheDefaultVariant() {
        var env = new EnvConfig(true, "off", List.of(), Rollout.of(new Weight("on", 100_000)));
        var e = eval(setOf(booleanFlag("f", env)), "f", EvaluationContext.empty());
        assertThat(e).extracting("value", "variant", "reason").containsExactly(false, "off", "DEFAULT");
    }

    @Test
    void theKillSwitchServesTheCallersDefaultWithReasonDisabled() {
        var set = setOf(booleanFlag("f", EnvConfig.serving("on")).withKillSwitch(true));
        assertThat(evaluator.evaluate(set, "f", Boolean.class, false, user("u")))
                .isEqualTo(new Evaluation<>(false, null, "DISABLED", null, null, Map.of()));
        assertThat(evaluator.booleanValue(set, "f", user("u"), false)).isFalse();
    }

    @Test
    void aDisabledOrMissingEnvironmentServesTheCallersDefaultWithReasonDisabled() {
        var disabled = booleanFlag("f", new EnvConfig(false, "on", List.of(), null));
        assertThat(eval(setOf(disabled), "f", user("u")))
                .extracting("value", "variant", "reason")
                .containsExactly(false, null, "DISABLED");
        assertThat(new FlagEvaluator("staging")
                        .evaluate(
                                setOf(booleanFlag("f", EnvConfig.serving("on"))), "f", Boolean.class, false, user("u"))
                        .reason())
                .isEqualTo("DISABLED");
    }

    @Test
    void anUnknownKeyServesTheCallersDefaultWithFlagNotFound() {
        var e = evaluator.evaluate(setOf(), "nope", String.class, "dflt", user("u"));
        assertThat(e)
                .extracting("value", "variant", "reason", "errorCode")
                .containsExactly("dflt", null, "ERROR", "FLAG_NOT_FOUND");
        assertThat(e.errorMessage()).contains("nope");
    }

    @Test
    void askingForTheWrongTypeGivesTypeMismatch() {
        var set = setOf(booleanFlag("f", EnvConfig.serving("on")));
        var e = evaluator.evaluate(set, "f", String.class, "dflt", user("u"));
        assertThat(e).extracting("value", "reason", "errorCode").containsExactly("dflt", "ERROR", "TYPE_MISMATCH");
        assertThat(evaluator.stringValue(set, "f", user("u"), "dflt")).isEqualTo("dflt");
    }

    @Test
    void numberFlagsConvertToIntegerOnlyForWholeValues() {
        var flag = Flag.of(
                "n", Flag.NUMBER, Map.of("ten", 10, "half", 0.5), Map.of("production", EnvConfig.serving("ten")));
        var set = setOf(
                flag, Flag.of("h", Flag.NUMBER, Map.of("half", 0.5), Map.of("production", EnvConfig.serving("half"))));
        assertThat(evaluator.evaluate(set, "n", Integer.class, 1, user("u")).value())
                .isEqualTo(10);
        assertThat(evaluator.evaluate(set, "n", Double.class, 1.0, user("u")).value())
                .isEqualTo(10.0);
        assertThat(evaluator.evaluate(set, "h", Integer.class, 1, user("u")).errorCode())
                .isEqualTo("TYPE_MISMATCH");
        assertThat(evaluator.numberValue(set, "h", user("u"), 1.0)).isEqualTo(0.5);
    }

    @Test
    void jsonFlagsServeTheirStructuredValue() {
        var flag = Flag.of("j", Flag.JSON, Map.of("a", Map.of("x", 1)), Map.of("production", EnvConfig.serving("a")));
        assertThat(evaluator
                        .evaluate(setOf(flag), "j", Object.class, Map.of(), user("u"))
                        .value())
                .isEqualTo(Map.of("x", 1));
    }

    @Test
    void anUnmetPrerequisiteServesTheCallersDefaultWithReasonPrerequisiteFailed() {
        var parent = targeted("parent", Condition.of("plan", "equals", "pro"));
        var child = withPrerequisite(booleanFlag("child", EnvConfig.serving("on")), "parent", "on");
        var set = setOf(parent, child);
        assertThat(eval(set, "child", user("u", "plan", "pro")))
                .extracting("value", "reason")
                .containsExactly(true, "STATIC");
        assertThat(eval(set, "child", user("u", "plan", "free")))
                .extracting("value", "variant", "reason")
                .containsExactly(false, null, "PREREQUISITE_FAILED");
        assertThat(eval(setOf(child), "child", user("u")).reason()).isEqualTo("PREREQUISITE_FAILED");
    }

    @Test
    void aPrerequisiteCycleIsStoppedByTheDepthLimitWithAGeneralError() {
        var a = withPrerequisite(booleanFlag("a", EnvConfig.serving("on")), "b", "on");
        var b = withPrerequisite(booleanFlag("b", EnvConfig.serving("on")), "a", "on");
        var e = eval(setOf(a, b), "a", user("u"));
        assertThat(e).extracting("value", "reason", "errorCode").containsExactly(false, "ERROR", "GENERAL");
        assertThat(evaluator.booleanValue(setOf(a, b), "a", user("u"), true)).isTrue();
    }

    @Test
    void anInvalidFlagFromTheServerAnswersWithParseErrorInsteadOfThrowing() {
        var bad = targeted("bad", Condition.of("age", "gt", "old"));
        var e = eval(setOf(bad), "bad", user("u", "age", 3));
        assertThat(e).extracting("reason", "errorCode").containsExactly("ERROR", "PARSE_ERROR");
        assertThat(e.errorMessage()).contains("expected a number, got \"old\"");
    }

    @Test
    void aPatternStoredByAnOlderServerThatRe2CannotCompileMatchesNobodyAndTheRestOfTheFlagServes() {
        var flag = booleanFlag(
                "old",
                new EnvConfig(
                        true,
                        "off",
                        List.of(
                                Rule.serve("not-staff", "on", Condition.of("email", "matches", "@(?!gantry\\.dev)")),
                                Rule.serve("too-long", "on", Condition.of("email", "matches", "x".repeat(1001))),
                                Rule.serve("pro", "on", Condition.of("plan", "equals", "pro"))),
                        null));
        var set = setOf(flag);
        assertThat(eval(set, "old", user("u", "email", "x@evil.io")))
                .extracting("value", "reason")
                .containsExactly(false, "DEFAULT");
        assertThat(eval(set, "old", user("u", "email", "x".repeat(1001))))
                .extracting("value", "reason")
                .containsExactly(false, "DEFAULT");
        assertThat(eval(set, "old", user("u", "plan", "pro")))
                .extracting("value", "reason")
                .containsExactly(true, "TARGETING_MATCH");
    }

    @Test
    void flagMetadataComesBackWithEveryEvaluation() {
        var flag = new Flag(
                "m",
                Flag.BOOLEAN,
                null,
                ON_OFF,
                Map.of("production", EnvConfig.serving("on")),
                null,
                false,
                Map.of("team", "web", "priority", 3),
                1,
                0,
                null);
        assertThat(eval(setOf(flag), "m", user("u")).flagMetadata())
                .containsEntry("team", "web")
                .containsEntry("priority", 3);
    }

    @Test
    void theBooleanFastPathAgreesWithTheDetailedEvaluation() {
        var set = setOf(targeted("f", Condition.of("plan", "equals", "pro")));
        for (String plan : List.of("pro", "free")) {
            var ctx = user("u", "plan", plan);
            assertThat(evaluator.booleanValue(set, "f", ctx, true))
                    .isEqualTo(eval(set, "f", ctx).value());
        }
    }

    static Flag withPrerequisite(Flag f, String key, String variant) {
        return new Flag(
                f.key(),
                f.type(),
                null,
                f.variants(),
                f.environments(),
                List.of(new Prerequisite(key, variant)),
                false,
                null,
                0,
                0,
                null);
    }
}

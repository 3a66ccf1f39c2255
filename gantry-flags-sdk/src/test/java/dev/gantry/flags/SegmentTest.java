package dev.gantry.flags;

import static dev.gantry.flags.Flags.targeted;
import static dev.gantry.flags.Flags.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentTest {
    private final FlagEvaluator evaluator = new FlagEvaluator("production");
    private final Segment beta = new Segment(
            "beta",
            "",
            List.of("user-1", "user-9"),
            List.of("user-9"),
            List.of(Condition.of("email", "endsWith", "@gantry.dev")),
            3);
    private final FlagSet set = FlagSet.of(
            1,
            List.of(
                    targeted("in-beta", Condition.of("targetingKey", "inSegment", "beta")),
                    targeted("not-in-beta", Condition.of("targetingKey", "notInSegment", "beta"))),
            List.of(beta, new Segment("nobody", null, null, null, null, 1)));

    private boolean in(EvaluationContext ctx) {
        return evaluator.booleanValue(set, "in-beta", ctx, false);
    }

    @Test
    void anIncludedKeyIsInTheSegment() {
        assertThat(in(user("user-1"))).isTrue();
        assertThat(evaluator.booleanValue(set, "not-in-beta", user("user-1"), true))
                .isFalse();
    }

    @Test
    void excludedWinsOverIncluded() {
        assertThat(in(user("user-9", "email", "x@gantry.dev"))).isFalse();
        assertThat(evaluator.booleanValue(set, "not-in-beta", user("user-9"), false))
                .isTrue();
    }

    @Test
    void otherwiseAllConditionsDecide() {
        assertThat(in(user("user-5", "email", "x@gantry.dev"))).isTrue();
        assertThat(in(user("user-5", "email", "x@example.com"))).isFalse();
    }

    @Test
    void aSegmentWithoutConditionsMatchesOnlyItsIncludedKeys() {
        FlagSet s = set.withFlag(targeted("in-nobody", Condition.of("targetingKey", "inSegment", "nobody")));
        assertThat(evaluator.booleanValue(s, "in-nobody", user("anyone"), false))
                .isFalse();
    }

    @Test
    void aSegmentWhosePatternRe2CannotCompileMatchesNobodyNotEvenItsIncludedKeys() {
        FlagSet s = set.withSegment(new Segment(
                "beta",
                "",
                List.of("user-1"),
                List.of(),
                List.of(Condition.of("email", "matches", "^(\\w+)@\\1$")),
                4));
        assertThat(in(user("user-1"))).isTrue();
        assertThat(evaluator.booleanValue(s, "in-beta", user("user-1"), false)).isFalse();
        assertThat(evaluator.booleanValue(s, "in-beta", user("user-2", "email", "a@a"), false))
                .isFalse();
    }

    @Test
    void aSegmentChangeTakesEffectWithoutTouchingTheFlag() {
        FlagSet updated = set.withSegment(new Segment("beta", "", List.of("user-7"), List.of(), List.of(), 4));
        assertThat(evaluator.booleanValue(updated, "in-beta", user("user-7"), false))
                .isTrue();
        assertThat(evaluator.booleanValue(updated.withoutSegment("beta"), "in-beta", user("user-7"), false))
                .isFalse();
    }
}

package dev.gantry.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagValidatorTest {
    private static final String VALID = """
      { "key": "new-banner", "type": "boolean", "description": "the banner",
        "variants": { "on": true, "off": false },
        "environments": {
          "production": { "enabled": true, "defaultVariant": "off",
            "rules": [ { "id": "staff", "conditions": [ {"attribute": "email", "op": "endsWith", "values": ["@gantry.dev"]} ], "variant": "on" },
                       { "id": "beta", "conditions": [ {"attribute": "targetingKey", "op": "inSegment", "values": ["beta"]} ],
                         "rollout": { "bucketBy": "targetingKey", "weights": [ {"variant": "on", "weight": 25000}, {"variant": "off", "weight": 75000} ] } } ],
            "rollout": { "weights": [ {"variant": "on", "weight": 33333}, {"variant": "off", "weight": 66667} ] } },
          "staging": { "enabled": false, "defaultVariant": "on" } },
        "prerequisites": [ {"flag": "other-key", "variant": "on"} ],
        "killSwitch": false, "metadata": { "team": "web", "priority": 3, "beta": true },
        "version": 7, "updatedAt": 1732200000000, "updatedBy": "alice" }
      """;

    private static final String RE2_ONLY =
            " (RE2 syntax: no backreferences, lookaround, possessive quantifiers or atomic groups)";

    private static List<String> problems(String json) {
        return FlagValidator.validate(FlagJson.readFlag(json), Set.of("beta"));
    }

    /** The problems of the valid flag with its first rule's condition turned into {@code email matches regex}. */
    private static List<String> patternProblems(String regex) {
        Flag flag = FlagJson.readFlag(VALID);
        EnvConfig production = flag.environments().get("production");
        List<Rule> rules = new java.util.ArrayList<>(production.rules());
        rules.set(0, Rule.serve("staff", "on", Condition.of("email", "matches", regex)));
        Flag changed = flag.withEnvironment(
                "production",
                new EnvConfig(production.enabled(), production.defaultVariant(), rules, production.rollout()));
        return FlagValidator.validate(changed, Set.of("beta"));
    }

    @Test
    void theDocumentedExampleIsValidAndRoundTrips() {
        Flag flag = FlagJson.readFlag(VALID);
        assertThat(FlagValidator.validate(flag, Set.of("beta"))).isEmpty();
        assertThat(FlagJson.readFlag(FlagJson.write(flag))).isEqualTo(flag);
    }

    @Test
    void aVariantOfTheWrongTypeIsNamed() {
        assertThat(problems(VALID.replace(
                        "\"on\": true, \"off\": false", "\"on\": true, \"off\": false, \"blue\": \"yes\"")))
                .containsExactly("variants.blue: expected boolean, got \"yes\"");
    }

    @Test
    void aRuleNamingAnUnknownVariantIsNamed() {
        assertThat(problems(VALID.replace("\"variant\": \"on\" }", "\"variant\": \"blue\" }")))
                .containsExactly("environments.production.rules[0].variant: unknown variant \"blue\"");
    }

    @Test
    void weightsThatDoNotAddUpAreNamedWithTheirSum() {
        assertThat(problems(VALID.replace("\"weight\": 33333", "\"weight\": 23333")))
                .containsExactly("environments.production.rollout.weights: must add up to 100000, got 90000");
    }

    @Test
    void anInvalidRegexIsNamedWithTheCompilersMessage() {
        assertThat(patternProblems("(ab"))
                .containsExactly(
                        "environments.production.rules[0].conditions[0].values[0]: invalid regex: missing closing ): `(ab`");
    }

    @Test
    void aBackreferenceIsRefusedNamingTheFieldWithRe2sReason() {
        assertThat(patternProblems("^(\\w+)@\\1\\.com$"))
                .containsExactly("environments.production.rules[0].conditions[0].values[0]: "
                        + "invalid regex: invalid escape sequence: `\\1`" + RE2_ONLY);
    }

    @Test
    void lookaroundPossessiveQuantifiersAndAtomicGroupsAreRefusedToo() {
        String field = "environments.production.rules[0].conditions[0].values[0]: invalid regex: ";
        assertThat(patternProblems("@(?!gantry\\.dev)"))
                .containsExactly(field + "invalid or unsupported Perl syntax: `(?!`" + RE2_ONLY);
        assertThat(patternProblems("a(?=b)"))
                .containsExactly(field + "invalid or unsupported Perl syntax: `(?=`" + RE2_ONLY);
        assertThat(patternProblems("a++b"))
                .containsExactly(field + "invalid nested repetition operator: `++`" + RE2_ONLY);
        assertThat(patternProblems("(?>a|ab)c"))
                .containsExactly(field + "invalid or unsupported Perl syntax: `(?>`" + RE2_ONLY);
    }

    @Test
    void aRegexLongerThan1000CharactersIsRefused() {
        assertThat(patternProblems("x".repeat(1000))).isEmpty();
        assertThat(patternProblems("x".repeat(1001)))
                .containsExactly(
                        "environments.production.rules[0].conditions[0].values[0]: a regex must be at most 1000 characters, got 1001");
    }

    @Test
    void aShortRegexThatWouldCompileToMillionsOfInstructionsIsRefusedBeforeCompiling() {
        assertThat(patternProblems("[a-z]{1000}")).isEmpty();
        assertThat(patternProblems("(a{100}){100}"))
                .singleElement()
                .asString()
                .startsWith(
                        "environments.production.rules[0].conditions[0].values[0]: a regex must compile to at most 2000 instructions, got ");
        assertThat(patternProblems("((a{1000}){1000}){1000}"))
                .singleElement()
                .asString() // compiling it would exhaust the heap
                .contains("a regex must compile to at most 2000 instructions, got 1002002002 (");
    }

    @Test
    void aBadPatternInASegmentIsNamedToo() {
        var bad = new Segment("beta", null, null, null, List.of(Condition.of("email", "matches", "(?<=@)corp")), 1);
        assertThat(FlagValidator.validateSegment(bad))
                .containsExactly(
                        "conditions[0].values[0]: invalid regex: invalid named capture: `(?<=@)corp`" + RE2_ONLY);
    }

    @Test
    void anUnknownSegmentOperatorAndBadOperandsAreNamed() {
        String json = VALID.replace("\"values\": [\"beta\"]", "\"values\": [\"gamma\"]")
                .replace("\"op\": \"endsWith\"", "\"op\": \"endWith\"");
        assertThat(problems(json))
                .containsExactly(
                        "environments.production.rules[0].conditions[0].op: unknown operator \"endWith\", expected one of "
                                + dev.gantry.flags.internal.Operator.names(),
                        "environments.production.rules[1].conditions[0].values[0]: unknown segment \"gamma\"");
    }

    @Test
    void badKeysTypesAndMissingDefaultsAreNamed() {
        String json = VALID.replace("\"new-banner\"", "\"new banner\"")
                .replace("\"boolean\"", "\"bool\"")
                .replace("\"enabled\": false, \"defaultVariant\": \"on\"", "\"enabled\": false");
        assertThat(problems(json))
                .containsExactly(
                        "key: must match [A-Za-z0-9._-]{1,128}, got \"new banner\"",
                        "type: expected one of boolean, string, number, json, got \"bool\"",
                        "environments.staging.defaultVariant: must be set (or give a rollout)");
    }

    @Test
    void anUnknownFieldIsRejectedWithItsNameAndPlace() {
        assertThatThrownBy(() -> FlagJson.readFlag(VALID.replace("\"killSwitch\"", "\"killswitch\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown field \"killswitch\"");
        assertThatThrownBy(() ->
                        FlagJson.readFlag(VALID.replace("\"id\": \"staff\"", "\"id\": \"staff\", \"priority\": 1")))
                .hasMessage("environments.production.rules[0]: unknown field \"priority\"");
    }

    @Test
    void aMissingKeyIsRejectedWhileParsing() {
        assertThatThrownBy(() -> FlagJson.readFlag("{\"type\": \"boolean\"}"))
                .hasMessageContaining("key: must not be blank");
    }

    @Test
    void segmentsAreCheckedTooAndMayNotNestSegments() {
        var ok = new Segment(
                "beta", null, List.of("u1"), List.of(), List.of(Condition.of("email", "endsWith", "@x")), 1);
        assertThat(FlagValidator.validateSegment(ok)).isEmpty();
        var bad = new Segment(
                "beta",
                null,
                null,
                null,
                List.of(Condition.of("targetingKey", "inSegment", "beta"), Condition.of("age", "gt", "old")),
                1);
        assertThat(FlagValidator.validateSegment(bad))
                .containsExactly(
                        "conditions[0].op: inSegment is not allowed inside a segment",
                        "conditions[1].values[0]: expected a number, got \"old\"");
    }

    @Test
    void aVariantListedTwiceInOneRolloutIsNamed() {
        assertThat(problems(VALID.replace(
                        "{\"variant\": \"on\", \"weight\": 25000}, {\"variant\": \"off\"",
                        "{\"variant\": \"on\", \"weight\": 25000}, {\"variant\": \"on\"")))
                .containsExactly("environments.production.rules[1].rollout.weights[1].variant: \"on\" is listed twice");
        assertThat(problems(VALID.replace(
                        "{\"variant\": \"off\", \"weight\": 66667}", "{\"variant\": \"on\", \"weight\": 66667}")))
                .containsExactly("environments.production.rollout.weights[1].variant: \"on\" is listed twice");
    }

    @Test
    void numbersTooLargeForADoubleAreRefusedWhereverTheyAppear() {
        String number = VALID.replace("\"boolean\"", "\"number\"")
                .replace("\"on\": true, \"off\": false", "\"on\": 1e400, \"off\": 0");
        assertThat(problems(number))
                .containsExactly("variants.on: numbers must be finite (JSON cannot hold infinity or NaN)");
        String json = VALID.replace("\"boolean\"", "\"json\"")
                .replace("\"on\": true, \"off\": false", "\"on\": {\"limits\": [1, -1e999]}, \"off\": {}");
        assertThat(problems(json))
                .containsExactly("variants.on: numbers must be finite (JSON cannot hold infinity or NaN)");
        assertThat(problems(VALID.replace("\"priority\": 3", "\"priority\": 1e309")))
                .containsExactly("metadata.priority: numbers must be finite (JSON cannot hold infinity or NaN)");
        assertThat(problems(VALID.replace(
                        "\"op\": \"endsWith\", \"values\": [\"@gantry.dev\"]", "\"op\": \"gt\", \"values\": [1e400]")))
                .containsExactly(
                        "environments.production.rules[0].conditions[0].values[0]: expected a finite number, got Infinity");
    }

    @Test
    void keysThatUrlsWouldResolveAwayAreRefused() {
        assertThat(problems(VALID.replace("\"new-banner\"", "\"..\"")))
                .containsExactly("key: must not be \".\" or \"..\" (URLs resolve them away)");
        assertThat(problems(VALID.replace("\"other-key\"", "\".\"")))
                .containsExactly("prerequisites[0].flag: must not be \".\" or \"..\" (URLs resolve them away)");
        assertThat(problems(VALID.replace("\"new-banner\"", "\"...\""))).isEmpty();
    }
}

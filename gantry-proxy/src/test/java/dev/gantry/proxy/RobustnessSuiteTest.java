package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the robustness corpus ({@code src/test/resources/robustness/cases.txt}) against
 * a real router in front of a {@link RecordingBackend}. Cases in {@link #KNOWN_FAILING} still run:
 * while they fail they are reported as skipped (so CI stays green); once one passes, the test fails
 * and asks for its name to be taken out of the set.
 */
class RobustnessSuiteTest {
    /**
     * Cases (and {@link RobustnessResponseTest} scenarios) the router got wrong when the suite was
     * written. Take a name out as its fix lands; the suite says when one passes.
     */
    static final Set<String> KNOWN_FAILING = Set.of();

    private static RobustnessRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = RobustnessRig.start();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusCaseGetsAnAnswerTheRfcsAllowAndTheBackendNeverSeesAnAmbiguousMessage() {
        RobustnessProbe probe = rig.probe();
        return RobustnessCorpus.load().stream()
                .map(c -> dynamicTest(c.name() + ": " + c.why(), () -> check(c, c.problems(probe.run(c)))));
    }

    @Test
    void everyKnownFailingNameIsACaseOrAResponseScenario() {
        List<String> names =
                RobustnessCorpus.load().stream().map(RobustnessCase::name).toList();
        assertThat(KNOWN_FAILING).allMatch(n -> names.contains(n) || n.startsWith("response-"));
    }

    /** Fails, skips (known failing) or demands removal from {@link #KNOWN_FAILING}. */
    static void check(RobustnessCase c, List<String> problems) {
        check(c.name(), c.expected(), problems);
    }

    static void check(String name, String expected, List<String> problems) {
        boolean known = KNOWN_FAILING.contains(name);
        if (known && problems.isEmpty())
            Assertions.fail(name + " passes now: remove it from RobustnessSuiteTest.KNOWN_FAILING");
        Assumptions.assumeFalse(known, () -> "known failing: " + String.join("; ", problems));
        assertThat(problems).as("%s (expected %s)", name, expected).isEmpty();
    }
}

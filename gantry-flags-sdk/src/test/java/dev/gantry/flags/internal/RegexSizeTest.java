package dev.gantry.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegexSizeTest {
    private static final List<String> PIECES = List.of(
            "a",
            "b",
            "\\.",
            "[a-c]",
            "[^]x]",
            "[[:alpha:]_]",
            "[\\]\\d]",
            ".",
            "\\d",
            "\\pL",
            "\\p{Greek}",
            "\\x{41}",
            "\\Qa{9}\\E",
            "^",
            "$",
            "\\b",
            "(",
            "(?:",
            "(?i)",
            "(?P<n>",
            "(?<m>",
            ")",
            "|",
            "*",
            "+",
            "?",
            "*?",
            "{2}",
            "{1,3}",
            "{0,}",
            "{3,}",
            "{2,5}?",
            "{12}",
            "{0}",
            "{x}",
            "{,3}",
            "(?s)",
            "(?m:",
            "\\A",
            "\\z",
            "[(]",
            "\\)",
            "\\010",
            "é",
            "😀");

    @Test
    void theBoundIsNeverBelowWhatRe2jCompiles() {
        Random random = new Random(42);
        int compiled = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder re = new StringBuilder();
            for (int k = 1 + random.nextInt(12); k > 0; k--) re.append(PIECES.get(random.nextInt(PIECES.size())));
            Pattern p;
            try {
                p = Pattern.compile(re.toString());
            } catch (PatternSyntaxException e) {
                continue;
            }
            compiled++;
            assertThat(RegexSize.of(re.toString())).as(re.toString()).isGreaterThanOrEqualTo(p.programSize());
        }
        assertThat(compiled).isGreaterThan(5_000);
    }

    @Test
    void countedRepetitionsMultiplyAndTheBoundStaysClose() {
        for (String re : List.of(
                "[a-z]{1000}", "(a{10}){10}", "(?:ab|cd){2,5}", "x{3,}", "(?i)hello", "^(\\w+)@(\\w+)\\.com$")) {
            long actual = Pattern.compile(re).programSize();
            assertThat(RegexSize.of(re)).as(re).isBetween(actual, actual * 2 + 4);
        }
    }

    @Test
    void aPatternThatWouldNeedBillionsOfInstructionsIsMeasuredWithoutExpandingIt() {
        assertThat(RegexSize.of("((a{1000}){1000}){1000}")).isGreaterThan(1_000_000_000L);
        assertThat(RegexSize.of("(" + "(".repeat(400) + "a{1000}" + "){1000}".repeat(400) + ")"))
                .isEqualTo(1L << 40);
    }
}

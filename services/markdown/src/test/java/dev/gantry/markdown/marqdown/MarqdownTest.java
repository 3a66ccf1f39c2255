package dev.gantry.markdown.marqdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.RenderLimitException;
import org.junit.jupiter.api.Test;

class MarqdownTest {
    private static String render(String markdown) {
        return Marqdown.render(markdown, Budget.UNLIMITED);
    }

    @Test
    void minimalQuestionWithTextInputMatchesTheSpecExample() {
        assertThat(render("{}\n---\n### Q\n> {}\n"))
                .isEqualTo("<p><div data-page=\"0\">\n"
                        + "<div data-question=\"1\" data-kind=\"text\"></p>\n<h3 id=\"q\">Q</h3>\n<p>\n"
                        + "<input type=\"text\" name=\"#{name}\" placeholder=\"#{placeholder}\"/>\n</div></p>\n");
    }

    @Test
    void protoKeyInInputOptionsActsLikeTheOriginalsPrototypeAssignment() {
        assertThat(render("{}\n---\n### Q\n> {__proto__:{upload:true}}\n")).contains("data-kind=\"fileupload\"");
    }

    @Test
    void rowsGivenAsArrayOrHexStringCompareLikeJavaScript() {
        assertThat(render("{}\n---\n### Q\n> {rows:[3]}\n")).contains("data-kind=\"textarea\"");
        assertThat(render("{}\n---\n### Q\n> {rows:'0x10'}\n")).contains("data-kind=\"textarea\"");
        assertThat(render("{}\n---\n### Q\n> {rows:[1,2]}\n")).contains("data-kind=\"text\"");
    }

    @Test
    void missingSeparatorNamesTheProblemOnLineOne() {
        assertThatThrownBy(() -> render("### Q\n* a\n"))
                .isInstanceOf(MarqdownException.class)
                .hasMessageContaining("no line starting with '---'")
                .extracting("line")
                .isEqualTo(1);
    }

    @Test
    void badHeaderReportsJson5MessageAndTheHeaderLine() {
        assertThatThrownBy(() -> render("{a:1,\nb:}\n---\n"))
                .isInstanceOf(MarqdownException.class)
                .hasMessageContaining("invalid JSON5 header: Unexpected '}'")
                .extracting("line")
                .isEqualTo(2);
    }

    @Test
    void badInputBlockquoteReportsTheQuoteLine() {
        assertThatThrownBy(() -> render("{}\n---\n### Q\n\n> {rows: }\n"))
                .isInstanceOf(MarqdownException.class)
                .hasMessageContaining("invalid JSON5 in input blockquote")
                .extracting("line")
                .isEqualTo(5);
    }

    @Test
    void nestedChoiceListReportsTheOuterItemLine() {
        assertThatThrownBy(() -> render("{}\n---\n### Q\n* a\n* b\n    * c\n"))
                .isInstanceOf(MarqdownException.class)
                .hasMessageContaining("nested list")
                .extracting("line")
                .isEqualTo(5);
    }

    @Test
    void nestingBeyondTheLimitIsRefusedAsALimitNotAStackOverflow() {
        Budget budget = new Budget(Long.MAX_VALUE, 50, System::nanoTime);
        assertThatThrownBy(() -> Marqdown.render("{}\n---\n" + "> ".repeat(60) + "x\n", budget))
                .isInstanceOf(RenderLimitException.class)
                .hasMessageContaining("nested deeper than 50 levels");
    }

    @Test
    void exhaustedTimeBudgetStopsABacktrackingRender() {
        long[] now = {0};
        Budget budget = new Budget(1, 1000, () -> now[0]++);
        assertThatThrownBy(() -> Marqdown.render("{}\n---\n" + "*a ".repeat(20_000) + "\n", budget))
                .isInstanceOf(RenderLimitException.class)
                .hasMessageContaining("time budget");
    }
}

package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The legitimate corpus in safe mode: every renderable case of {@code shared/marqdown/cases.json}
 * keeps the element tree, attributes and text it has without safe mode, apart from the raw-HTML
 * attributes listed in {@link #EXPECTED_DROPS}. Comments are not compared (safe mode drops them).
 */
class SafeModeCorpusTest {
    /** Attributes the corpus writes in raw HTML that are outside the allow-list, per case. */
    private static final Map<String, Set<String>> EXPECTED_DROPS =
            Map.of("html-blocks-and-inline", Set.of("div[class=intro]", "span[style=color:red]"));

    private static final RenderEngine ENGINE = new RenderEngine(ServiceConfig.defaults(), System::nanoTime);

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderableCases")
    void safeModeKeepsTheStructureOfEveryCorpusCase(String name, String markdown) {
        String plain = ENGINE.render(markdown, false, System.nanoTime());
        String safe = ENGINE.render(markdown, true, System.nanoTime());
        Set<String> drops = EXPECTED_DROPS.getOrDefault(name, Set.of());
        assertThat(structure(safe, Set.of())).as(safe).isEqualTo(structure(plain, drops));
    }

    @Test
    void surveyWidgetsOfTheRepositoryExampleSurviveSafeMode() throws IOException {
        String markdown = cases().filter(c -> c.get("name").textValue().equals("repo-examples-survey"))
                .findFirst()
                .orElseThrow()
                .get("markdown")
                .textValue();
        Element body = Jsoup.parseBodyFragment(ENGINE.render(markdown, true, System.nanoTime()))
                .body();
        assertThat(body.select("div[data-question][data-kind]")).hasSize(5);
        assertThat(body.select("label.checkbox > input[type=checkbox][name=\"#{choice.name}\"]"))
                .hasSize(3);
        assertThat(body.select("label.radio > input[type=radio][value=\"#{c}\"]"))
                .hasSize(10);
        assertThat(body.select("table.questionTable > thead th")).hasSize(3);
        assertThat(body.select("textarea.span9[rows=\"#{rows}\"]")).hasSize(1);
        assertThat(body.select("a[href^=\"https://github.com/\"]")).hasSize(1);
    }

    static Stream<Arguments> renderableCases() throws IOException {
        return cases().filter(c -> !c.get("html").isNull())
                .map(c -> Arguments.of(
                        c.get("name").textValue(), c.get("markdown").textValue()));
    }

    private static Stream<JsonNode> cases() throws IOException {
        Path dir = SharedCorpus.marqdownDir();
        Assumptions.assumeTrue(dir != null, "shared/marqdown not found: set GANTRY_SHARED or clone next to shared/");
        JsonNode corpus = new ObjectMapper().readTree(Files.readString(dir.resolve("cases.json")));
        List<JsonNode> list = new ArrayList<>();
        corpus.forEach(list::add);
        return list.stream();
    }

    /**
     * The parsed tree as one line per element and text, leaving out the {@code drops} and comments
     * (text on both sides of a comment counts as one text, as it becomes one when safe mode drops it).
     */
    private static List<String> structure(String html, Set<String> drops) {
        Element body = Jsoup.parseBodyFragment(html).body();
        body.forEachNode(node -> {
            if (node instanceof Comment) {
                node.remove();
            }
        });
        List<String> lines = new ArrayList<>();
        body.forEachNode(node -> describe(node, drops, lines));
        return lines;
    }

    private static void describe(Node node, Set<String> drops, List<String> lines) {
        String indent = "  ".repeat(depth(node));
        if (node instanceof TextNode text && node.previousSibling() instanceof TextNode) {
            lines.set(lines.size() - 1, lines.getLast() + text.getWholeText());
        } else if (node instanceof TextNode text) {
            lines.add(indent + "text " + text.getWholeText());
        } else if (node instanceof Element element) {
            StringBuilder line = new StringBuilder(indent).append(element.normalName());
            for (Attribute a : element.attributes()) {
                String attribute = element.normalName() + "[" + a.getKey() + "=" + a.getValue() + "]";
                if (!drops.contains(attribute)) {
                    line.append(' ')
                            .append(a.getKey())
                            .append("=\"")
                            .append(a.getValue())
                            .append('"');
                }
            }
            lines.add(line.toString());
        }
    }

    private static int depth(Node node) {
        int depth = 0;
        for (Node n = node.parent(); n != null; n = n.parent()) {
            depth++;
        }
        return depth;
    }
}

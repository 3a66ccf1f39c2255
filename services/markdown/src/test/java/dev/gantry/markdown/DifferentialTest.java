package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.markdown.json5.JsObject;
import dev.gantry.markdown.json5.Json5Exception;
import dev.gantry.markdown.json5.Json5Parser;
import dev.gantry.markdown.marked.BlockLexer;
import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java port against the real marked 0.8.0 and json5 0.5.1 on thousands of seeded random inputs. */
class DifferentialTest {
    private static final long SEED = Long.getLong("differential.seed", 20200210L);
    private static final int MARKDOWN_CASES = Integer.getInteger("differential.markdown", 4000);
    private static final int JSON5_CASES = Integer.getInteger("differential.json5", 3000);
    private static final Pattern NUMERIC_REF = Pattern.compile("&#(x[0-9a-fA-F]+|[0-9]+);");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NodeOracle oracle;

    @BeforeAll
    static void startOracle() throws Exception {
        String reason = NodeOracle.unavailableReason();
        Assumptions.assumeTrue(reason == null, "differential tests skipped: " + reason);
        oracle = NodeOracle.start();
    }

    @AfterAll
    static void stopOracle() throws Exception {
        if (oracle != null) {
            oracle.close();
        }
    }

    @Test
    void markedPortRendersRandomMarkdownExactlyLikeMarked080() throws Exception {
        RandomMarkdown gen = new RandomMarkdown(SEED);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < MARKDOWN_CASES; i++) {
            inputs.add(gen.document());
        }
        List<JsonNode> answers = oracle.ask("marked", inputs);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String expected = answers.get(i).has("html")
                    ? canon(answers.get(i).get("html").textValue())
                    : "ERROR " + answers.get(i).get("error").textValue();
            String actual;
            try {
                actual = canon(Parser.parse(BlockLexer.lex(inputs.get(i), 1, Budget.UNLIMITED), Budget.UNLIMITED));
            } catch (RuntimeException e) {
                actual = "ERROR " + e.getMessage();
            }
            if (!expected.equals(actual) && !(expected.startsWith("ERROR") && actual.startsWith("ERROR"))) {
                failures.add("input " + JSON.writeValueAsString(inputs.get(i)) + "\n  marked: "
                        + JSON.writeValueAsString(expected) + "\n  java:   " + JSON.writeValueAsString(actual));
            }
        }
        assertThat(failures)
                .as(
                        "%d of %d random documents differ; first ones:%n%s",
                        failures.size(),
                        inputs.size(),
                        String.join("\n", failures.subList(0, Math.min(8, failures.size()))))
                .isEmpty();
    }

    @Test
    void json5PortParsesRandomInputExactlyLikeJson5051() throws Exception {
        RandomMarkdown gen = new RandomMarkdown(SEED + 1);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < JSON5_CASES; i++) {
            inputs.add(gen.json5());
        }
        List<JsonNode> answers = oracle.ask("json5", inputs);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode expected = answers.get(i).has("value")
                    ? answers.get(i).get("value")
                    : answers.get(i).get("error");
            JsonNode actual;
            try {
                actual = tree(Json5Parser.parse(inputs.get(i)));
            } catch (Json5Exception e) {
                actual = JSON.getNodeFactory().textNode(e.getMessage());
            }
            if (!expected.equals(actual)) {
                failures.add("input " + JSON.writeValueAsString(inputs.get(i)) + "\n  json5: " + expected
                        + "\n  java:  " + actual);
            }
        }
        assertThat(failures)
                .as(
                        "%d of %d random JSON5 inputs differ; first ones:%n%s",
                        failures.size(),
                        inputs.size(),
                        String.join("\n", failures.subList(0, Math.min(8, failures.size()))))
                .isEmpty();
    }

    /** Numeric character references in one canonical (decimal) form: marked picks hex/decimal at random. */
    private static String canon(String html) {
        Matcher m = NUMERIC_REF.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = m.group(1);
            long n = v.charAt(0) == 'x' ? Long.parseLong(v.substring(1), 16) : Long.parseLong(v);
            m.appendReplacement(out, "&#" + n + ";");
        }
        return m.appendTail(out).toString();
    }

    /** The same canonical tree render.js builds. */
    private static JsonNode tree(Object v) {
        ObjectNode node = JSON.createObjectNode();
        if (v == Json5Parser.NULL) {
            return node.put("t", "null");
        }
        if (v instanceof Double d) {
            return node.put("t", "n").put("v", d.isNaN() ? "nan" : Long.toHexString(Double.doubleToRawLongBits(d)));
        }
        if (v instanceof String s) {
            return node.put("t", "s").put("v", s);
        }
        if (v instanceof Boolean b) {
            return node.put("t", "b").put("v", b);
        }
        if (v instanceof List<?> list) {
            ArrayNode items = node.put("t", "a").putArray("v");
            list.forEach(e -> items.add(tree(e)));
            return node;
        }
        JsObject o = (JsObject) v;
        ArrayNode keys = node.put("t", "o").putArray("k");
        for (Map.Entry<String, Object> e : new TreeMap<>(o.own()).entrySet()) {
            keys.addArray().add(e.getKey()).add(tree(e.getValue()));
        }
        node.set("p", o.prototype() == null ? JSON.nullNode() : tree(o.prototype()));
        return node;
    }
}

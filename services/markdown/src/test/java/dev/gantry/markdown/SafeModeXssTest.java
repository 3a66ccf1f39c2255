package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Safe mode against the XSS corpus in {@code xss-vectors.txt}: every vector, in every place markdown
 * can put it, rendered by the running service; the answer is parsed with jsoup and checked by rules
 * written here independently of {@link HtmlAllowList}.
 */
class SafeModeXssTest {
    private static final Set<String> ELEMENTS = Set.of(
            "p",
            "br",
            "hr",
            "blockquote",
            "pre",
            "code",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "em",
            "strong",
            "del",
            "b",
            "i",
            "s",
            "sub",
            "sup",
            "kbd",
            "span",
            "a",
            "img",
            "div",
            "label",
            "input",
            "textarea");
    private static final Set<String> PAGE = Set.of("#root", "html", "head", "body");
    private static final Set<String> ATTRIBUTES = Set.of(
            "id",
            "class",
            "href",
            "title",
            "src",
            "alt",
            "start",
            "align",
            "data-page",
            "data-question",
            "data-kind",
            "type",
            "name",
            "value",
            "placeholder",
            "checked",
            "disabled",
            "rows");
    private static final Set<String> TEXT_ATTRIBUTES =
            Set.of("id", "class", "title", "alt", "name", "value", "placeholder");
    private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MarkdownService service;
    private static HttpClient client;

    enum Place {
        BLOCK,
        PARAGRAPH,
        CHOICE_LABEL,
        HEADING;

        String survey(String vector) {
            return switch (this) {
                case BLOCK -> "{}\n---\n### Q\n\n" + vector + "\n";
                case PARAGRAPH -> "{}\n---\n### Q\n\nbefore " + vector + " after\n";
                case CHOICE_LABEL -> "{}\n---\n### Q\n* before " + vector + "\n* plain\n";
                case HEADING -> "{}\n---\n### " + vector + "\n";
            };
        }

        boolean fits(String vector) {
            return this == BLOCK || !vector.contains("\n");
        }
    }

    record Vector(String name, String markdown) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        service = MarkdownService.start(ServiceConfig.defaults().withPort(0));
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theCorpusHoldsAtLeastSixtyVectors() throws IOException {
        assertThat(vectors()).hasSizeGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("placements")
    void nothingExecutableSurvivesSafeModeOnEitherRoute(Vector vector, Place place) throws Exception {
        String markdown = place.survey(vector.markdown());
        String html = render(markdown, true);
        assertThat(findings(html)).as(html).isEmpty();
        assertThat(previewWithSanitizeHeader(markdown)).isEqualTo(html);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyVectorIsUnsafeWithoutSafeMode(Vector vector) throws Exception {
        List<String> found = new ArrayList<>();
        for (Place place : Place.values()) {
            if (place.fits(vector.markdown())) {
                found.addAll(findings(render(place.survey(vector.markdown()), false)));
            }
        }
        assertThat(found).as("the checker flags the unsanitized rendering").isNotEmpty();
    }

    /**
     * What makes {@code html} unsafe, as a browser parses it inside a page (where a stray
     * {@code <body onload>} lands on the page's own body); empty when nothing does.
     */
    static List<String> findings(String html) {
        List<String> found = new ArrayList<>();
        Jsoup.parse("<!DOCTYPE html><html><head></head><body><div>" + html + "</div></body></html>")
                .forEachNode(node -> check(node, found));
        return found;
    }

    private static void check(Node node, List<String> found) {
        if (node instanceof Comment) {
            found.add("comment " + node.outerHtml());
        }
        if (!(node instanceof Element element)) {
            return;
        }
        if (!ELEMENTS.contains(element.normalName()) && !PAGE.contains(element.normalName())) {
            found.add("element " + element.normalName());
        }
        for (Attribute a : element.attributes()) {
            String name = a.getKey().toLowerCase(Locale.ROOT);
            String where = element.normalName() + "[" + name + "=" + a.getValue() + "]";
            if (!ATTRIBUTES.contains(name) || name.startsWith("on") || name.equals("srcdoc")) {
                found.add("attribute " + where);
            }
            if (name.equals("style") && cssUnsafe(a.getValue())) {
                found.add("style " + where);
            }
            if (!TEXT_ATTRIBUTES.contains(name) && !urlSafe(a.getValue())) {
                found.add("url " + where);
            }
        }
    }

    /** The value's scheme after entity decoding (done by the parser) without whitespace or controls. */
    private static boolean urlSafe(String value) {
        String compact = value.codePoints()
                .filter(c -> c > ' ' && !Character.isISOControl(c) && !Character.isWhitespace(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .toLowerCase(Locale.ROOT);
        Matcher m = SCHEME.matcher(compact);
        return !m.find() || SAFE_SCHEMES.contains(m.group(1));
    }

    private static boolean cssUnsafe(String css) {
        String compact = css.replaceAll("\\\\|/\\*.*?\\*/|\\s", "").toLowerCase(Locale.ROOT);
        return compact.contains("url(") || compact.contains("expression") || compact.contains("0075");
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String line : corpusText().split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (name != null) {
                    vectors.add(new Vector(name, text.toString().stripTrailing()));
                }
                name = line.substring(4).strip();
                text.setLength(0);
            } else if (name != null) {
                text.append(text.isEmpty() ? "" : "\n").append(line);
            }
        }
        vectors.add(new Vector(name, text.toString().stripTrailing()));
        return vectors;
    }

    static Stream<Arguments> placements() throws IOException {
        return vectors().stream()
                .flatMap(v -> Stream.of(Place.values())
                        .filter(p -> p.fits(v.markdown()))
                        .map(p -> Arguments.of(v, p)));
    }

    private static String corpusText() throws IOException {
        try (InputStream in = SafeModeXssTest.class.getResourceAsStream("xss-vectors.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String render(String markdown, boolean sanitize) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri(sanitize ? "/render?sanitize=true" : "/render"))
                        .POST(HttpRequest.BodyPublishers.ofString(markdown))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String previewWithSanitizeHeader(String markdown) throws Exception {
        String body = JSON.createObjectNode().put("markdown", markdown).toString();
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri("/api/design/survey"))
                        .header("Content-Type", "application/json")
                        .header("X-Sanitize", "true")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("preview").textValue();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }
}

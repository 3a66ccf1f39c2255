package dev.gantry.markdown;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * Safe mode's allow-list: the elements marked 0.8.0 and marqdown emit, each with the attributes it
 * may keep and the values each attribute may take. jsoup's {@code Cleaner} drops every other
 * element (keeping its text, never the content of script or style), attribute and comment.
 */
final class HtmlAllowList extends Safelist {
    private static final Predicate<String> ANY = value -> true;
    private static final Predicate<String> DIGITS = matches("[0-9]{1,9}");
    private static final Predicate<String> ALIGN = oneOf("left", "center", "right");
    /** marqdown's literal template names ({@code #{choice.name}}, {@code #{table}_#{r}}) or the old numeric ones. */
    private static final Predicate<String> FIELD_NAME = matches("#\\{[\\w.]+}(_#\\{[\\w.]+})?|[0-9]+(_[0-9]+)*");

    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*(?=:)");

    private final Map<String, Map<String, Predicate<String>>> elements;

    private HtmlAllowList(Map<String, Map<String, Predicate<String>>> elements) {
        this.elements = Map.copyOf(elements);
    }

    /** What marked and marqdown produce, plus inert inline formatting that authors write as raw HTML. */
    static HtmlAllowList surveys() {
        Map<String, Map<String, Predicate<String>>> e = new HashMap<>();
        for (String tag : List.of(
                "p",
                "br",
                "hr",
                "blockquote",
                "pre",
                "ul",
                "li",
                "thead",
                "tbody",
                "tr",
                "em",
                "strong",
                "del",
                "b",
                "i",
                "s",
                "sub",
                "sup",
                "kbd",
                "span")) {
            e.put(tag, Map.of());
        }
        for (int level = 1; level <= 6; level++) {
            e.put("h" + level, Map.of("id", ANY));
        }
        e.put("ol", Map.of("start", DIGITS));
        e.put("th", Map.of("align", ALIGN));
        e.put("td", Map.of("align", ALIGN));
        e.put("a", Map.of("href", HtmlAllowList::isLinkUrl, "title", ANY));
        e.put("img", Map.of("src", HtmlAllowList::isImageUrl, "alt", ANY, "title", ANY));
        e.put("code", Map.of("class", matches("language-\\S+|nohighlight")));
        e.put("table", Map.of("class", oneOf("questionTable table-bordered table-condensed")));
        e.put(
                "div",
                Map.of(
                        "class",
                        oneOf("controls", "surveycell"),
                        "data-page",
                        DIGITS,
                        "data-question",
                        DIGITS,
                        "data-kind",
                        oneOf(
                                "singlechoice",
                                "multichoice",
                                "text",
                                "textarea",
                                "fileupload",
                                "singlechoicetable",
                                "multichoicetable")));
        e.put("label", Map.of("class", oneOf("checkbox", "radio")));
        e.put(
                "input",
                Map.of(
                        "type",
                        oneOf("text", "checkbox", "radio", "file"),
                        "name",
                        FIELD_NAME,
                        "value",
                        ANY,
                        "placeholder",
                        ANY,
                        "checked",
                        ANY,
                        "disabled",
                        ANY));
        e.put("textarea", Map.of("class", oneOf("span9"), "name", FIELD_NAME, "rows", ANY));
        return new HtmlAllowList(e);
    }

    @Override
    public boolean isSafeTag(String tag) {
        return elements.containsKey(tag);
    }

    @Override
    public boolean isSafeAttribute(String tagName, Element element, Attribute attribute) {
        Map<String, Predicate<String>> attributes = elements.get(element.normalName());
        Predicate<String> allowed =
                attributes == null ? null : attributes.get(attribute.getKey().toLowerCase(Locale.ROOT));
        return allowed != null && allowed.test(attribute.getValue());
    }

    /** A link target: http, https, mailto or relative (the value as parsed, entities already decoded). */
    private static boolean isLinkUrl(String url) {
        String scheme = scheme(url);
        return scheme == null || scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
    }

    /** An image source: http, https or relative; no {@code data:}. */
    private static boolean isImageUrl(String url) {
        String scheme = scheme(url);
        return scheme == null || scheme.equals("http") || scheme.equals("https");
    }

    /**
     * The URL's scheme in lower case, or null for a relative URL. Browsers drop tabs and newlines
     * anywhere and trim spaces and control characters; this drops all of them anywhere, so a value
     * is never read as relative here but as a script URL there.
     */
    private static String scheme(String url) {
        StringBuilder compact = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c > ' ' && c != '\u007F') {
                compact.append(c);
            }
        }
        var m = SCHEME.matcher(compact);
        return m.lookingAt() ? m.group().toLowerCase(Locale.ROOT) : null;
    }

    private static Predicate<String> matches(String regex) {
        Pattern p = Pattern.compile(regex);
        return value -> p.matcher(value).matches();
    }

    private static Predicate<String> oneOf(String... values) {
        Set<String> set = Set.of(values);
        return set::contains;
    }
}

package dev.gantry.markdown;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Safe mode: removes {@code <script>} elements, event-handler attributes ({@code on*}) and
 * {@code javascript:}/{@code vbscript:} URLs from rendered HTML. Every tag is re-emitted from its
 * parsed name and attributes, so malformed attribute soup cannot smuggle a handler through.
 */
final class HtmlSanitizer {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>");
    private static final Pattern ATTR = Pattern.compile(
        "([^\\s\"'>/=]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'>]+))?");
    private static final Pattern SCRIPT_END = Pattern.compile("</script[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_ATTRS = Pattern.compile(
        "href|src|action|formaction|xlink:href|background|poster|data|cite|srcdoc|lowsrc|dynsrc", Pattern.CASE_INSENSITIVE);

    private HtmlSanitizer() {
    }

    static String sanitize(String html) {
        StringBuilder out = new StringBuilder(html.length());
        Matcher m = TAG.matcher(html);
        int pos = 0;
        while (m.find(pos)) {
            out.append(html, pos, m.start());
            String name = m.group(2).toLowerCase(Locale.ROOT);
            pos = m.end();
            if (name.equals("script")) {
                if (m.group(1).isEmpty()) {
                    Matcher end = SCRIPT_END.matcher(html);
                    pos = end.find(pos) ? end.end() : html.length();
                }
                continue;
            }
            out.append('<').append(m.group(1)).append(m.group(2)).append(attributes(m.group(3))).append('>');
        }
        return out.append(html, pos, html.length()).toString();
    }

    private static String attributes(String raw) {
        StringBuilder out = new StringBuilder();
        Matcher a = ATTR.matcher(raw);
        boolean selfClosing = raw.stripTrailing().endsWith("/");
        while (a.find()) {
            String name = a.group(1);
            String value = a.group(2);
            if (name.toLowerCase(Locale.ROOT).startsWith("on") || value != null && URL_ATTRS.matcher(name).matches()
                && dangerousUrl(unquote(value))) {
                continue;
            }
            out.append(' ').append(name);
            if (value != null) {
                out.append('=').append(value);
            }
        }
        return selfClosing ? out.append('/').toString() : out.toString();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') ? v.substring(1, v.length() - 1) : v;
    }

    /** True for javascript:/vbscript: URLs, also when hidden by entities, whitespace or control characters. */
    static boolean dangerousUrl(String value) {
        String decoded = dev.gantry.markdown.marked.Html.unescape(value.replace("&Tab;", "").replace("&NewLine;", ""));
        StringBuilder compact = new StringBuilder();
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c > ' ' && c != '\u007F') {
                compact.append(Character.toLowerCase(c));
            }
        }
        String url = compact.toString();
        return url.startsWith("javascript:") || url.startsWith("vbscript:");
    }
}

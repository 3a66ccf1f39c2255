package dev.gantry.markdown.marked;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port of marked 0.8.0's {@code InlineLexer} with the GFM rules. Stateful like the original:
 * {@code inLink} and {@code inRawBlock} persist across {@link #output} calls on one instance.
 */
public final class InlineLexer {
    private final Map<String, LinkDefinition> links;
    private final InlineRenderer renderer;
    private final Budget budget;
    private final MatcherCache matchers = new MatcherCache();
    private boolean inLink;
    private boolean inRawBlock;
    private int depth;

    InlineLexer(Map<String, LinkDefinition> links, InlineRenderer renderer, Budget budget) {
        this.links = links;
        this.renderer = renderer;
        this.budget = budget;
    }

    /** A lexer with marked's default HTML renderer. */
    public static InlineLexer html(Map<String, LinkDefinition> links, Budget budget) {
        return new InlineLexer(links, new HtmlInlineRenderer(), budget);
    }

    /** marked's {@code InlineLexer.prototype.output(src)}. */
    public String output(String src) {
        budget.checkDepth(++depth, "inline spans (emphasis, links)");
        Source source = new Source(src, budget);
        StringBuilder out = new StringBuilder(src.length() + 16);
        int pos = 0;
        while (pos < src.length()) {
            pos = step(src, source, pos, out);
        }
        depth--;
        return out.toString();
    }

    private int step(String src, Source source, int pos, StringBuilder out) {
        Matcher cap;
        char c = src.charAt(pos);
        if (c == '\\' && (cap = at(InlineRules.ESCAPE, source, pos)) != null) {
            out.append(Html.escapeText(cap.group(1)));
            return cap.end();
        }
        if (c == '<' && (cap = at(InlineRules.TAG, source, pos)) != null) {
            return tag(cap, out);
        }
        boolean bracket = c == '[' || c == '!';
        if (bracket && (cap = at(InlineRules.LINK, source, pos)) != null) {
            return link(cap, pos, out);
        }
        if (bracket
                && ((cap = at(InlineRules.REFLINK, source, pos)) != null
                        || (cap = at(InlineRules.NOLINK, source, pos)) != null)) {
            return reflink(cap, pos, out);
        }
        boolean emphasis = c == '*' || c == '_';
        if (emphasis && (cap = at(InlineRules.STRONG, source, pos)) != null) {
            int end = cap.end();
            out.append(renderer.strong(output(firstGroup(cap, 4))));
            return end;
        }
        if (emphasis && (cap = at(InlineRules.EM, source, pos)) != null) {
            int end = cap.end();
            out.append(renderer.em(output(firstGroup(cap, 6))));
            return end;
        }
        if (c == '`' && (cap = at(InlineRules.CODE, source, pos)) != null) {
            out.append(renderer.codespan(Html.escapeAll(JsText.trim(cap.group(2)))));
            return cap.end();
        }
        if ((c == ' ' || c == '\\') && (cap = at(InlineRules.BR, source, pos)) != null) {
            out.append(renderer.br());
            return cap.end();
        }
        if (c == '~' && (cap = at(InlineRules.DEL, source, pos)) != null) {
            int end = cap.end();
            out.append(renderer.del(output(cap.group(1))));
            return end;
        }
        if (c == '<' && (cap = at(InlineRules.AUTOLINK, source, pos)) != null) {
            return autolink(cap, out);
        }
        if (!inLink && mayStartUrl(c)) {
            int prefix = UrlRule.prefixLength(src, pos);
            int end = prefix > 0 ? UrlRule.end(src, pos + prefix) : -1;
            if (end > 0) {
                return url(src.substring(pos, end), src.substring(pos, pos + prefix), false, pos, out);
            }
            if (UrlRule.mayBeEmail(src, pos) && (cap = at(InlineRules.URL, source, pos)) != null) {
                return url(cap.group(), cap.group(1), "@".equals(cap.group(2)), pos, out);
            }
        }
        int end = InlineText.end(src, pos);
        String text = src.substring(pos, end);
        out.append(inRawBlock ? text : Html.escapeText(text));
        return end;
    }

    /** First characters of the GFM url rule: a scheme/www start or an e-mail local part. */
    private static boolean mayStartUrl(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-');
    }

    private Matcher at(Pattern rule, Source source, int pos) {
        return matchers.lookingAt(rule, source, pos);
    }

    /** {@code cap[n] || cap[n-1] || ... || cap[1]}. */
    private static String firstGroup(Matcher cap, int n) {
        for (int g = n; g >= 1; g--) {
            String v = cap.group(g);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private int tag(Matcher cap, StringBuilder out) {
        String tag = cap.group();
        if (!inLink && InlineRules.OPEN_LINK_TAG.matcher(tag).lookingAt()) {
            inLink = true;
        } else if (inLink && InlineRules.CLOSE_LINK_TAG.matcher(tag).lookingAt()) {
            inLink = false;
        }
        if (!inRawBlock && InlineRules.OPEN_RAW_TAG.matcher(tag).lookingAt()) {
            inRawBlock = true;
        } else if (inRawBlock && InlineRules.CLOSE_RAW_TAG.matcher(tag).lookingAt()) {
            inRawBlock = false;
        }
        out.append(tag);
        return cap.end();
    }

    private int link(Matcher cap, int pos, StringBuilder out) {
        String whole = cap.group();
        String label = cap.group(1);
        String href = cap.group(2);
        String title = cap.group(3);
        int lastParen = findClosingBracket(href);
        if (lastParen > -1) {
            int start = whole.indexOf('!') == 0 ? 5 : 4;
            int linkLen = start + label.length() + lastParen;
            href = href.substring(0, lastParen);
            whole = JsText.trim(whole.substring(0, linkLen));
            title = "";
        }
        int end = pos + whole.length();
        inLink = true;
        title = title != null && !title.isEmpty() ? title.substring(1, title.length() - 1) : "";
        href = JsText.trim(href);
        Matcher angle = InlineRules.ANGLE_HREF.matcher(href);
        if (angle.matches()) {
            href = angle.group(1);
        }
        out.append(outputLink(whole, label, unescapes(href), unescapes(title)));
        inLink = false;
        return end;
    }

    private int reflink(Matcher cap, int pos, StringBuilder out) {
        String whole = cap.group();
        String label = cap.group(1);
        String ref =
                cap.groupCount() >= 2 && cap.group(2) != null && !cap.group(2).isEmpty() ? cap.group(2) : label;
        LinkDefinition def = links.get(JsText.lower(JsText.collapseSpaces(ref)));
        if (def == null || def.href().isEmpty()) {
            out.append(whole.charAt(0));
            return pos + 1;
        }
        int end = cap.end();
        inLink = true;
        out.append(outputLink(whole, label, def.href(), def.title()));
        inLink = false;
        return end;
    }

    private String outputLink(String whole, String label, String href, String title) {
        String escapedTitle = title != null && !title.isEmpty() ? Html.escapeText(title) : null;
        return whole.charAt(0) != '!'
                ? renderer.link(href, escapedTitle, output(label))
                : renderer.image(href, escapedTitle, Html.escapeText(label));
    }

    private int autolink(Matcher cap, StringBuilder out) {
        String text;
        String href;
        if ("@".equals(cap.group(2))) {
            text = Html.escapeText(mangle(cap.group(1)));
            href = "mailto:" + text;
        } else {
            text = Html.escapeText(cap.group(1));
            href = text;
        }
        out.append(renderer.link(href, null, text));
        return cap.end();
    }

    private int url(String whole, String prefix, boolean email, int pos, StringBuilder out) {
        String text;
        String href;
        if (email) {
            text = Html.escapeText(whole);
            href = "mailto:" + text;
        } else {
            String previous;
            do {
                previous = whole;
                Matcher b = InlineRules.BACKPEDAL.matcher(new Source(whole, budget));
                whole = b.find() ? b.group() : whole;
            } while (!previous.equals(whole));
            text = Html.escapeText(whole);
            href = "www.".equals(prefix) ? "http://" + text : text;
        }
        out.append(renderer.link(href, null, text));
        return pos + whole.length();
    }

    /** marked's {@code findClosingBracket(str, '()')}. */
    private static int findClosingBracket(String s) {
        if (s.indexOf(')') < 0) {
            return -1;
        }
        int level = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                level++;
            } else if (c == ')' && --level < 0) {
                return i;
            }
        }
        return -1;
    }

    /** marked's {@code InlineLexer.escapes}: backslash escapes removed. */
    private static String unescapes(String text) {
        return text == null || text.isEmpty()
                ? text
                : InlineRules.ESCAPES.matcher(text).replaceAll("$1");
    }

    /** marked's {@code mangle}: each character as a decimal or (at random) hex reference. */
    private static String mangle(String text) {
        StringBuilder out = new StringBuilder(text.length() * 6);
        for (int i = 0; i < text.length(); i++) {
            int ch = text.charAt(i);
            out.append("&#");
            if (ThreadLocalRandom.current().nextDouble() > 0.5) {
                out.append('x').append(Integer.toHexString(ch));
            } else {
                out.append(ch);
            }
            out.append(';');
        }
        return out.toString();
    }
}

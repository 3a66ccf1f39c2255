package dev.gantry.markdown.marked;

import static dev.gantry.markdown.marked.JsText.DOT;
import static dev.gantry.markdown.marked.JsText.S;
import static dev.gantry.markdown.marked.JsText.WS;

import java.util.regex.Pattern;

/**
 * marked 0.8.0's GFM block grammar, translated to java.util.regex. Every pattern is used with
 * {@code lookingAt()} on a region that ends at the end of the input, which plays the role of
 * JavaScript's leading {@code ^}; JavaScript's {@code $} (no multiline) is {@code \z}; {@code \s},
 * {@code .} are spelled out with JavaScript's sets. Group repetitions that java.util.regex would
 * recurse on per character are rewritten with possessive chunks (same language, same captures).
 * The code, fences, heading, hr, blockquote, list, paragraph, text and table-row rules are
 * hand-written ({@link BlockScanner}, {@link FenceRule}, {@link HeadingRule}, {@link ThematicBreak},
 * {@link ListRule}, {@link TableLexer}).
 */
final class BlockRules {
    static final String TAGS = "address|article|aside|base|basefont|blockquote|body|caption"
            + "|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption"
            + "|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe"
            + "|legend|li|link|main|menu|menuitem|meta|nav|noframes|ol|optgroup|option"
            + "|p|param|section|source|summary|table|tbody|td|tfoot|th|thead|title|tr"
            + "|track|ul";
    static final String HR_BODY_SOURCE = "(?:(?:- *){3,}|(?:_ *){3,}|(?:\\* *){3,})(?:\\n+|\\z)";
    private static final String LABEL = "(?!" + S + "*\\])(?:[^\\[\\]\\\\]++|\\\\[\\[\\]]|\\\\)+";
    private static final String TITLE = "(?:\"(?:[^\"\\\\]++|\\\\\"?)*\"|'[^'\\n]*(?:\\n[^'\\n]+)*\\n?'|\\([^()]*\\))";
    private static final String DEF_BODY = " {0,3}\\[(" + LABEL + ")\\]: *\\n? *<?([^" + WS
            + ">]+)>?(?:(?: +\\n? *| *\\n *)(" + TITLE + "))? *(?:\\n+|\\z)";
    private static final String ATTRIBUTE =
            " +[a-zA-Z:_][\\w.:-]*(?: *= *\"[^\"\\n]*\"| *= *'[^'\\n]*'| *= *[^" + WS + "\"'=<>`]+)?";

    static final Pattern NPTABLE_HEAD =
            Pattern.compile(" *([^|\\n ]" + DOT + "*\\|" + DOT + "*)\\n *([-:]+ *\\|[-| :]*)");
    static final Pattern TABLE_HEAD = Pattern.compile(" *\\|(" + DOT + "+)\\n *\\|?( *[-:]+[-| :]*)");
    static final Pattern HTML = Pattern.compile(
            " {0,3}(?:"
                    + "<(script|pre|style)[" + WS + ">][\\s\\S]*?(?:</\\1>[^\\n]*\\n+|\\z)"
                    + "|<!--(?!-?>)[\\s\\S]*?-->[^\\n]*(\\n+|\\z)"
                    + "|<\\?[\\s\\S]*?\\?>\\n*"
                    + "|<![A-Z][\\s\\S]*?>\\n*"
                    + "|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>\\n*"
                    + "|</?(" + TAGS + ")(?: +|\\n|/?>)[\\s\\S]*?(?:\\n{2,}|\\z)"
                    + "|<(?!script|pre|style)([a-z][\\w-]*)(?:" + ATTRIBUTE
                    + ")*? */?>(?=[ \\t]*(?:\\n|\\z))[\\s\\S]*?(?:\\n{2,}|\\z)"
                    + "|</(?!script|pre|style)[a-z][\\w-]*" + S + "*>(?=[ \\t]*(?:\\n|\\z))[\\s\\S]*?(?:\\n{2,}|\\z))",
            Pattern.CASE_INSENSITIVE);
    static final Pattern DEF = Pattern.compile(DEF_BODY);
    static final Pattern LHEADING = Pattern.compile("([^\\n]+)\\n {0,3}(=+|-+) *(?:\\n+|\\z)");
    /** What may interrupt a paragraph at the start of its next line (marked's paragraph lookahead). */
    static final Pattern PARAGRAPH_INTERRUPT = Pattern.compile(" {0,3}" + HR_BODY_SOURCE
            + "| {0,3}#{1,6} +"
            + "| {0,3}>"
            + "| {0,3}(?:`{3,}|~{3,})[^`\\n]*\\n"
            + "| {0,3}(?:[*+-]|1[.)]) "
            + "|</?(?:" + TAGS + ")(?: +|\\n|/?>)|<(?:script|pre|style|!--)");

    static final Pattern ALIGN_RIGHT = Pattern.compile(" *-+: *");
    static final Pattern ALIGN_CENTER = Pattern.compile(" *:-+: *");
    static final Pattern ALIGN_LEFT = Pattern.compile(" *:-+ *");
    static final Pattern ALIGN_SPLIT = Pattern.compile(" *\\| *");

    private BlockRules() {}
}

package dev.gantry.markdown.marked;

import static dev.gantry.markdown.marked.JsText.DOT;
import static dev.gantry.markdown.marked.JsText.NS;
import static dev.gantry.markdown.marked.JsText.S;
import static dev.gantry.markdown.marked.JsText.WS;

import java.util.regex.Pattern;

/**
 * marked 0.8.0's GFM inline grammar in java.util.regex (see {@link BlockRules} for the translation
 * rules). The {@code text} rule is hand-written in {@link InlineText}.
 */
final class InlineRules {
    private static final String PUNCTUATION = "!\"#$%&'()*+,\\-./:;<=>?@\\[^_{|}~";
    private static final String LABEL = "(?:\\[[^\\[\\]]*\\]|\\\\" + DOT + "|`[^`]*`|[^\\[\\]\\\\`]++)*?";
    private static final String HREF = "<(?:[^" + WS + "<>\\\\]++|\\\\[<>]?)*>|[^" + WS + "\\x00-\\x1f]*";
    private static final String TITLE =
            "\"(?:[^\"\\\\]++|\\\\\"?)*\"|'(?:[^'\\\\]++|\\\\'?)*'|\\((?:[^)\\\\]++|\\\\\\)?)*\\)";
    private static final String ATTRIBUTE = S + "+[a-zA-Z:_][\\w.:-]*(?:" + S + "*=" + S + "*\"[^\"]*\"|" + S + "*=" + S
            + "*'[^']*'|" + S + "*=" + S + "*[^" + WS + "\"'=<>`]+)?";
    private static final String EMAIL =
            "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+(@)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                    + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+(?![-_])";

    static final Pattern ESCAPE = Pattern.compile("\\\\([!\"#$%&'()*+,\\-./:;<=>?@\\[\\]\\\\^_`{|}~])");
    static final Pattern AUTOLINK =
            Pattern.compile("<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^" + WS + "\\x00-\\x1f<>]*|" + EMAIL + ")>");
    static final Pattern URL = Pattern.compile(
            "((?:ftp|https?)://|www\\.)(?:[a-zA-Z0-9\\-]+\\.?)+[^" + WS + "<]*"
                    + "|[A-Za-z0-9._+-]+(@)[a-zA-Z0-9\\-_]+(?:\\.[a-zA-Z0-9\\-_]*[a-zA-Z0-9])+(?![-_])",
            Pattern.CASE_INSENSITIVE);
    static final Pattern TAG = Pattern.compile("<!--(?!-?>)[\\s\\S]*?-->"
            + "|</[a-zA-Z][\\w:-]*" + S + "*>"
            + "|<[a-zA-Z][\\w-]*(?:" + ATTRIBUTE + ")*?" + S + "*/?>"
            + "|<\\?[\\s\\S]*?\\?>"
            + "|<![a-zA-Z]+" + S + "[\\s\\S]*?>"
            + "|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>");
    static final Pattern LINK = Pattern.compile(
            "!?\\[(" + LABEL + ")\\]\\(" + S + "*(" + HREF + ")(?:" + S + "+(" + TITLE + "))?" + S + "*\\)");
    static final Pattern REFLINK =
            Pattern.compile("!?\\[(" + LABEL + ")\\]\\[(?!" + S + "*\\])((?:[^\\[\\]\\\\]++|\\\\[\\[\\]]?)+)\\]");
    static final Pattern NOLINK = Pattern.compile(
            "!?\\[(?!" + S + "*\\])((?:\\[[^\\[\\]]*\\]|\\\\[\\[\\]]|[^\\[\\]\\\\]++|\\\\)*)\\](?:\\[\\])?");
    static final Pattern STRONG = Pattern.compile("__([^" + WS + "_])__(?!_)|\\*\\*([^" + WS + "*])\\*\\*(?!\\*)"
            + "|__(" + NS + "[\\s\\S]*?" + NS + ")__(?!_)|\\*\\*(" + NS + "[\\s\\S]*?" + NS + ")\\*\\*(?!\\*)");
    static final Pattern EM = Pattern.compile("_([^" + WS + "_])_(?!_)"
            + "|\\*([^" + WS + "*<\\[])\\*(?!\\*)"
            + "|_([^" + WS + "<][\\s\\S]*?[^" + WS + "_])_(?!_|[^" + WS + PUNCTUATION + "])"
            + "|_([^" + WS + "_<][\\s\\S]*?" + NS + ")_(?!_|[^" + WS + PUNCTUATION + "])"
            + "|\\*([^" + WS + "<\"][\\s\\S]*?[^" + WS + "*])\\*(?!\\*|[^" + WS + PUNCTUATION + "])"
            + "|\\*([^" + WS + "*\"<\\[][\\s\\S]*?" + NS + ")\\*(?!\\*)");
    static final Pattern CODE = Pattern.compile("(`+)([^`]|[^`][\\s\\S]*?[^`])\\1(?!`)");
    static final Pattern BR = Pattern.compile("( {2,}|\\\\)\\n(?!" + S + "*\\z)");
    static final Pattern DEL = Pattern.compile("~+(?=" + NS + ")([\\s\\S]*?" + NS + ")~+");
    static final Pattern BACKPEDAL =
            Pattern.compile("(?:[^?!.,:;*_~()&]++|\\([^)]*\\)|&(?![a-zA-Z0-9]+;\\z)" + "|[?!.,:;*_~)]+(?!\\z))+");
    static final Pattern ESCAPES = Pattern.compile("\\\\([!\"#$%&'()*+,\\-./:;<=>?@\\[\\]\\\\^_`{|}~])");
    static final Pattern OPEN_LINK_TAG = Pattern.compile("<a ", Pattern.CASE_INSENSITIVE);
    static final Pattern CLOSE_LINK_TAG = Pattern.compile("</a>", Pattern.CASE_INSENSITIVE);
    static final Pattern OPEN_RAW_TAG =
            Pattern.compile("<(pre|code|kbd|script)(" + S + "|>)", Pattern.CASE_INSENSITIVE);
    static final Pattern CLOSE_RAW_TAG =
            Pattern.compile("</(pre|code|kbd|script)(" + S + "|>)", Pattern.CASE_INSENSITIVE);
    static final Pattern ANGLE_HREF = Pattern.compile("<([\\s\\S]*)>");

    private InlineRules() {}
}

package dev.gantry.markdown.marked;

import java.util.regex.Matcher;

/**
 * Port of marked 0.8.0's block {@code Lexer} with the GFM grammar ({@code gfm: true}, not pedantic,
 * no smartLists). Rules are tried in marked's order at the current position; nested blocks
 * (blockquotes, list items) recurse into the same token list.
 */
public final class BlockLexer {
    private final TokenList tokens = new TokenList();
    private final Budget budget;
    private final MatcherCache matchers = new MatcherCache();
    private int depth;

    private BlockLexer(Budget budget) {
        this.budget = budget;
    }

    /** {@code marked.lexer(src, {gfm: true})}; token lines are counted from {@code firstLine}. */
    public static TokenList lex(String src, int firstLine, Budget budget) {
        String normalized = src.replace("\r\n", "\n").replace('\r', '\n').replace("\t", "    ");
        budget.checkDepth(deepestQuote(normalized) + 1, "blocks (quotes, lists)");
        BlockLexer lexer = new BlockLexer(budget);
        lexer.token(normalized, true, firstLine);
        return lexer.tokens;
    }

    /**
     * The most leading quote markers ({@code  *> ?} repeated) on any line: each blockquote level
     * strips one, so this is the recursion depth quotes alone will reach. Checked up front so that
     * absurd nesting is refused before spending depth x line-length work on it.
     */
    private static int deepestQuote(String src) {
        int deepest = 0;
        int i = 0;
        int n = src.length();
        while (i < n) {
            int markers = 0;
            while (true) {
                int j = i;
                while (j < n && src.charAt(j) == ' ') {
                    j++;
                }
                if (j >= n || src.charAt(j) != '>') {
                    break;
                }
                markers++;
                i = j + 1;
            }
            deepest = Math.max(deepest, markers);
            int nl = src.indexOf('\n', i);
            i = nl < 0 ? n : nl + 1;
        }
        return deepest;
    }

    /** marked's {@code Lexer.prototype.token(src, top)}. */
    void token(String src, boolean top, int firstLine) {
        budget.checkDepth(++depth, "blocks (quotes, lists)");
        BlockScanner s = new BlockScanner(JsText.blankSpaceOnlyLines(src), firstLine, budget, matchers);
        int pos = 0;
        while (pos < s.length) {
            budget.checkDeadline();
            int nl = s.newlines(pos);
            if (nl > 0) {
                pos += nl;
                if (nl > 1) {
                    tokens.add(Token.of(TokenType.SPACE, s.lineAt(pos)));
                }
                if (pos >= s.length) {
                    break;
                }
            }
            pos = next(s, pos, top);
        }
        depth--;
    }

    /**
     * Tries marked's rules in order. Each regex rule is only tried when the first character (or,
     * for tables and setext headings, the line) can start it; the result is the same, just cheaper.
     */
    private int next(BlockScanner s, int pos, boolean top) {
        char c = s.text.charAt(pos);
        boolean indent = c == ' ';
        char first = s.firstAfterIndent(pos);
        int end = code(s, pos);
        if (end < 0 && (first == '`' || first == '~')) {
            end = fences(s, pos);
        }
        if (end < 0 && (indent || c == '#')) {
            end = heading(s, pos);
        }
        boolean pipeInLine = end < 0 && s.text.indexOf('|', pos) >= 0 && s.text.indexOf('|', pos) < s.lineEnd(pos);
        if (end < 0 && pipeInLine && c != '|') {
            end = TableLexer.lex(s, pos, false, tokens);
        }
        if (end < 0 && (first == '-' || first == '_' || first == '*')) {
            end = thematicBreak(s, pos);
        }
        if (end < 0) {
            end = blockquote(s, pos, top);
        }
        if (end < 0 && (indent || c == '*' || c == '+' || c == '-' || c >= '0' && c <= '9')) {
            end = new ListLexer(this, s).lex(pos, tokens);
        }
        if (end < 0 && first == '<') {
            end = html(s, pos);
        }
        if (end < 0 && top && first == '[') {
            end = definition(s, pos);
        }
        if (end < 0 && pipeInLine && (indent || c == '|')) {
            end = TableLexer.lex(s, pos, true, tokens);
        }
        if (end < 0 && underlined(s, pos)) {
            end = lheading(s, pos);
        }
        if (end < 0) {
            end = paragraphOrText(s, pos, top);
        }
        return end;
    }

    /** True when the next line starts with up to 3 spaces and {@code =} or {@code -} (a setext underline). */
    private static boolean underlined(BlockScanner s, int pos) {
        int p = s.lineEnd(pos) + 1;
        for (int k = 0; k < 3 && p < s.length && s.text.charAt(p) == ' '; k++) {
            p++;
        }
        return p < s.length && (s.text.charAt(p) == '=' || s.text.charAt(p) == '-');
    }

    private int code(BlockScanner s, int pos) {
        int end = s.codeEnd(pos);
        if (end < 0) {
            return -1;
        }
        String cap = s.text.substring(pos, end);
        Token last = tokens.last();
        if (last != null && last.type == TokenType.PARAGRAPH) {
            last.text += "\n" + JsText.trimRight(cap);
        } else {
            Token t = Token.of(TokenType.CODE, s.lineAt(pos));
            t.text = JsText.rtrim(JsText.stripLineIndent(cap, 4, 4), '\n');
            tokens.add(t);
        }
        return end;
    }

    private int fences(BlockScanner s, int pos) {
        FenceRule f = FenceRule.match(s.text, pos);
        if (f == null) {
            return -1;
        }
        Token t = Token.of(TokenType.CODE, s.lineAt(pos));
        t.lang = f.info.isEmpty() ? "" : JsText.trim(f.info);
        t.text = f.text;
        tokens.add(t);
        return f.end;
    }

    private int heading(BlockScanner s, int pos) {
        HeadingRule h = HeadingRule.match(s.text, pos);
        if (h == null) {
            return -1;
        }
        Token t = Token.of(TokenType.HEADING, s.lineAt(pos));
        t.depth = h.depth;
        t.text = h.text;
        tokens.add(t);
        return h.end;
    }

    private int thematicBreak(BlockScanner s, int pos) {
        int end = ThematicBreak.end(s.text, pos);
        if (end >= 0) {
            tokens.add(Token.of(TokenType.HR, s.lineAt(pos)));
        }
        return end;
    }

    private int blockquote(BlockScanner s, int pos, boolean top) {
        int end = s.blockquoteEnd(pos);
        if (end < 0) {
            return -1;
        }
        int line = s.lineAt(pos);
        tokens.add(Token.of(TokenType.BLOCKQUOTE_START, line));
        token(stripQuoteMarkers(s.text.substring(pos, end)), top, line);
        tokens.add(Token.of(TokenType.BLOCKQUOTE_END, line));
        return end;
    }

    /** {@code cap.replace(/^ *> ?/gm, '')}. */
    private static String stripQuoteMarkers(String cap) {
        StringBuilder out = new StringBuilder(cap.length());
        int i = 0;
        boolean lineStart = true;
        while (i < cap.length()) {
            if (lineStart) {
                lineStart = false;
                int j = i;
                while (j < cap.length() && cap.charAt(j) == ' ') {
                    j++;
                }
                if (j < cap.length() && cap.charAt(j) == '>') {
                    i = j + 1 < cap.length() && cap.charAt(j + 1) == ' ' ? j + 2 : j + 1;
                    continue;
                }
            }
            char c = cap.charAt(i++);
            out.append(c);
            lineStart = JsText.isLineTerminator(c);
        }
        return out.toString();
    }

    private int html(BlockScanner s, int pos) {
        Matcher m = s.match(BlockRules.HTML, pos);
        if (m == null) {
            return -1;
        }
        Token t = Token.of(TokenType.HTML, s.lineAt(pos));
        t.text = m.group();
        tokens.add(t);
        return m.end();
    }

    private int definition(BlockScanner s, int pos) {
        Matcher m = s.match(BlockRules.DEF, pos);
        if (m == null) {
            return -1;
        }
        String title =
                m.group(3) == null ? null : m.group(3).substring(1, m.group(3).length() - 1);
        String tag = JsText.collapseSpaces(JsText.lower(m.group(1)));
        tokens.links().putIfAbsent(tag, new LinkDefinition(m.group(2), title));
        return m.end();
    }

    private int lheading(BlockScanner s, int pos) {
        Matcher m = s.match(BlockRules.LHEADING, pos);
        if (m == null) {
            return -1;
        }
        Token t = Token.of(TokenType.HEADING, s.lineAt(pos));
        t.depth = m.group(2).charAt(0) == '=' ? 1 : 2;
        t.text = m.group(1);
        tokens.add(t);
        return m.end();
    }

    private int paragraphOrText(BlockScanner s, int pos, boolean top) {
        int end = top ? s.paragraphEnd(pos) : -1;
        TokenType type = TokenType.PARAGRAPH;
        if (end < 0) {
            end = s.lineEnd(pos);
            type = TokenType.TEXT;
        }
        if (end == pos) {
            throw new IllegalStateException("Infinite loop on byte: " + (int) s.text.charAt(pos));
        }
        Token t = Token.of(type, s.lineAt(pos));
        t.text = s.text.substring(pos, end);
        tokens.add(t);
        return end;
    }
}

package dev.gantry.markdown.marked;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of one block-lexer pass with a cursor-free API: regex rules matched at a position
 * (JavaScript's {@code rule.exec(src)} on the remaining input) and the hand-written rules whose
 * java.util.regex translation would recurse once per line (code, blockquote, paragraph).
 */
final class BlockScanner {
    final String text;
    final int length;
    private final Source source;
    private final MatcherCache matchers;
    private final int baseLine;
    private int countedPos;
    private int countedLine;

    BlockScanner(String text, int baseLine, Budget budget, MatcherCache matchers) {
        this.matchers = matchers;
        this.text = text;
        this.length = text.length();
        this.source = new Source(text, budget);
        this.baseLine = baseLine;
    }

    /** The match of {@code rule} starting exactly at {@code pos}, or null. */
    Matcher match(Pattern rule, int pos) {
        return matchers.lookingAt(rule, source, pos);
    }

    /** 1-based input line of {@code pos}. */
    int lineAt(int pos) {
        if (pos < countedPos) {
            countedPos = 0;
            countedLine = 0;
        }
        for (int i = countedPos; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                countedLine++;
            }
        }
        countedPos = pos;
        return baseLine + countedLine;
    }

    /** The character after up to three spaces at {@code pos} (0 at the end of the text). */
    char firstAfterIndent(int pos) {
        int p = pos;
        while (p - pos < 3 && p < length && text.charAt(p) == ' ') {
            p++;
        }
        return p < length ? text.charAt(p) : 0;
    }

    /** Index of the next {@code \n} at or after {@code pos}, or the length. */
    int lineEnd(int pos) {
        int e = text.indexOf('\n', pos);
        return e < 0 ? length : e;
    }

    /** {@code ^\n+}: the number of newlines at {@code pos}. */
    int newlines(int pos) {
        int n = 0;
        while (pos + n < length && text.charAt(pos + n) == '\n') {
            n++;
        }
        return n;
    }

    /** {@code ^( {4}[^\n]+\n*)+}: end of an indented code block at {@code pos}, or -1. */
    int codeEnd(int pos) {
        int p = pos;
        while (text.startsWith("    ", p) && p + 4 < length && text.charAt(p + 4) != '\n') {
            p = lineEnd(p + 4);
            p += newlines(p);
        }
        return p == pos ? -1 : p;
    }

    /** {@code ^( {0,3}> ?(paragraph|[^\n]*)(?:\n|$))+}: end of a blockquote at {@code pos}, or -1. */
    int blockquoteEnd(int pos) {
        int p = pos;
        while (p < length) {
            int q = p;
            while (q - p < 3 && q < length && text.charAt(q) == ' ') {
                q++;
            }
            if (q >= length || text.charAt(q) != '>') {
                break;
            }
            q++;
            if (q < length && text.charAt(q) == ' ') {
                q++;
            }
            int e = paragraphEnd(q);
            if (e < 0) {
                e = lineEnd(q);
            }
            p = e < length ? e + 1 : e;
        }
        return p == pos ? -1 : p;
    }

    /** marked's paragraph lookahead at a line start; the regex only runs where its first character fits. */
    private boolean interrupts(int p) {
        char c = text.charAt(p);
        char first = firstAfterIndent(p);
        if (c == '<') {
            return match(BlockRules.PARAGRAPH_INTERRUPT, p) != null;
        }
        return switch (first) {
            case '-', '_', '*', '#', '>', '`', '~', '+', '1' -> match(BlockRules.PARAGRAPH_INTERRUPT, p) != null;
            default -> false;
        };
    }

    /** marked's paragraph rule without its leading {@code ^}: end of the paragraph at {@code pos}, or -1. */
    int paragraphEnd(int pos) {
        int e = lineEnd(pos);
        if (e == pos) {
            return -1;
        }
        while (e < length) {
            int next = e + 1;
            if (next >= length || text.charAt(next) == '\n' || interrupts(next)) {
                break;
            }
            e = lineEnd(next);
        }
        return e;
    }
}

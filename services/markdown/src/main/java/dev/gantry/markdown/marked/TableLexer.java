package dev.gantry.markdown.marked;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;

/**
 * marked 0.8.0's two GFM table rules ({@code nptable}: no leading pipe; {@code table}) and its
 * {@code splitCells} helper. The header and delimiter lines are matched by regex, the body rows
 * by hand (the regex would recurse per row).
 */
final class TableLexer {
    private TableLexer() {}

    /** Tries a table at {@code pos}; returns its end position and adds the token, or returns -1. */
    static int lex(BlockScanner s, int pos, boolean leadingPipe, TokenList tokens) {
        Matcher m = s.match(leadingPipe ? BlockRules.TABLE_HEAD : BlockRules.NPTABLE_HEAD, pos);
        if (m == null) {
            return -1;
        }
        String headerCap = m.group(1);
        String alignCap = m.group(2);
        int p = m.end();
        String rows = null;
        if (p < s.length && s.text.charAt(p) == '\n') {
            int rowsStart = p + 1;
            p = rowsEnd(s, rowsStart, leadingPipe);
            rows = s.text.substring(rowsStart, p);
            p += s.newlines(p);
        } else if (p != s.length) {
            return -1;
        }
        List<String> header = splitCells(stripHeader(headerCap), -1);
        List<String> align = new ArrayList<>(Arrays.asList(BlockRules.ALIGN_SPLIT.split(stripAlign(alignCap), -1)));
        if (header.size() != align.size()) {
            return -1;
        }
        Token t = Token.of(TokenType.TABLE, s.lineAt(pos));
        t.header = header;
        t.align = alignments(align);
        t.cells = cells(rows, leadingPipe, header.size());
        tokens.add(t);
        return p;
    }

    private static int rowsEnd(BlockScanner s, int p, boolean leadingPipe) {
        while (p < s.length) {
            int e = s.lineEnd(p);
            if (!(leadingPipe ? pipeRow(s.text, p, e) : plainRow(s.text, p, e))) {
                break;
            }
            p = e < s.length ? e + 1 : e;
        }
        return p;
    }

    /** {@code  *[^>\n ].*(?:\n|$)} on the line [p, e). */
    private static boolean pipeRow(String text, int p, int e) {
        int q = p;
        while (q < e && text.charAt(q) == ' ') {
            q++;
        }
        if (q >= e || text.charAt(q) == '>') {
            return false;
        }
        for (int i = q + 1; i < e; i++) {
            if (JsText.isLineTerminator(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code .*[^>\n ].*(?:\n|$)} on the line [p, e). */
    private static boolean plainRow(String text, int p, int e) {
        int breaks = 0;
        boolean content = false;
        for (int i = p; i < e; i++) {
            char c = text.charAt(i);
            if (JsText.isLineTerminator(c)) {
                breaks++;
            } else if (c != '>' && c != ' ') {
                content = true;
            }
        }
        return breaks == 1 || breaks == 0 && content;
    }

    private static List<List<String>> cells(String rows, boolean leadingPipe, int count) {
        List<List<String>> cells = new ArrayList<>();
        if (rows == null || rows.isEmpty()) {
            return cells;
        }
        String trimmed = rows.endsWith("\n") ? rows.substring(0, rows.length() - 1) : rows;
        for (String row : trimmed.split("\n", -1)) {
            cells.add(splitCells(leadingPipe ? stripRowPipes(row) : row, count));
        }
        return cells;
    }

    private static List<String> alignments(List<String> raw) {
        List<String> out = new ArrayList<>(raw.size());
        for (String a : raw) {
            if (BlockRules.ALIGN_RIGHT.matcher(a).matches()) {
                out.add("right");
            } else if (BlockRules.ALIGN_CENTER.matcher(a).matches()) {
                out.add("center");
            } else if (BlockRules.ALIGN_LEFT.matcher(a).matches()) {
                out.add("left");
            } else {
                out.add(null);
            }
        }
        return out;
    }

    /**
     * {@code s.replace(/^ *| *\| *$/g, '')}. When {@code ^ *} matches empty, JavaScript's global
     * replace steps one character before searching again, so the suffix cannot start at 0.
     */
    private static String stripHeader(String s) {
        int start = leadingSpaces(s, 0);
        return s.substring(start, trailingPipeStart(s, Math.max(start, 1), true));
    }

    /** {@code s.replace(/^ *|\| *$/g, '')}, with the same empty-match step as {@link #stripHeader}. */
    private static String stripAlign(String s) {
        int start = leadingSpaces(s, 0);
        return s.substring(start, trailingPipeStart(s, Math.max(start, 1), false));
    }

    /** {@code s.replace(/^ *\| *| *\| *$/g, '')}. */
    private static String stripRowPipes(String s) {
        int start = leadingSpaces(s, 0);
        if (start < s.length() && s.charAt(start) == '|') {
            start = leadingSpaces(s, start + 1);
        } else {
            start = 0;
        }
        return s.substring(start, trailingPipeStart(s, start, true));
    }

    private static int leadingSpaces(String s, int from) {
        while (from < s.length() && s.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    /** Start of a trailing {@code ( *)\| *} suffix at or after {@code min}, or the length if there is none. */
    private static int trailingPipeStart(String s, int min, boolean spacesBefore) {
        int k = s.length();
        while (k > min && s.charAt(k - 1) == ' ') {
            k--;
        }
        if (k <= min || s.charAt(k - 1) != '|') {
            return s.length();
        }
        k--;
        while (spacesBefore && k > min && s.charAt(k - 1) == ' ') {
            k--;
        }
        return k;
    }

    /** {@code s.split(/ \|/)}. */
    private static List<String> splitOnSpacePipe(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int k;
        while ((k = s.indexOf(" |", start)) >= 0) {
            parts.add(s.substring(start, k));
            start = k + 2;
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** marked's {@code splitCells(row, count)}; {@code count < 0} means no padding or truncation. */
    static List<String> splitCells(String row, int count) {
        StringBuilder marked = new StringBuilder(row.length() + 8);
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '|') {
                boolean escaped = false;
                for (int b = i - 1; b >= 0 && row.charAt(b) == '\\'; b--) {
                    escaped = !escaped;
                }
                marked.append(escaped ? "|" : " |");
            } else {
                marked.append(c);
            }
        }
        List<String> cells = splitOnSpacePipe(marked.toString());
        if (count >= 0) {
            while (cells.size() > count) {
                cells.remove(cells.size() - 1);
            }
            while (cells.size() < count) {
                cells.add("");
            }
        }
        cells.replaceAll(c -> JsText.trim(c).replace("\\|", "|"));
        return cells;
    }
}

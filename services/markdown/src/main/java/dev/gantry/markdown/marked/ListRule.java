package dev.gantry.markdown.marked;

/**
 * marked's list block rule, hand-written:
 * {@code ^( {0,3})(bull) [\s\S]+?(?:\n+(?=\1?hr)|\n+(?=def)|\n{2,}(?! )(?!\1bull )\n*|\s*$)}.
 * The lazy body ends at the first position where one alternative matches:
 * <ol>
 *   <li>a newline run followed by {@code \1?} and a thematic break (ends before the break);</li>
 *   <li>a newline run followed by a link definition (ends before it);</li>
 *   <li>two or more newlines not followed by a space or by {@code \1bull } (with three or more the
 *       regex can always back off one newline, so that case always ends the list), eating them;</li>
 *   <li>only whitespace left: ends at the end of the input.</li>
 * </ol>
 */
final class ListRule {
    final String indent;
    final String bullet;
    final int end;

    private ListRule(String indent, String bullet, int end) {
        this.indent = indent;
        this.bullet = bullet;
        this.end = end;
    }

    static ListRule match(BlockScanner s, int pos) {
        String t = s.text;
        int n = s.length;
        int p = pos;
        while (p - pos < 3 && p < n && t.charAt(p) == ' ') {
            p++;
        }
        int bulletLength = bulletLength(t, p);
        if (bulletLength == 0 || p + bulletLength >= n || t.charAt(p + bulletLength) != ' ') {
            return null;
        }
        String indent = t.substring(pos, p);
        String bullet = t.substring(p, p + bulletLength);
        int bodyStart = p + bulletLength + 1;
        if (bodyStart >= n) {
            return null;
        }
        int lastContent = n - 1;
        while (lastContent >= 0 && JsText.isSpace(t.charAt(lastContent))) {
            lastContent--;
        }
        int k = bodyStart + 1;
        while (k <= n) {
            if (k < n && t.charAt(k) == '\n') {
                int end = endAtNewlines(s, k, indent);
                if (end >= 0) {
                    return new ListRule(indent, bullet, end);
                }
            }
            if (k > lastContent) {
                return new ListRule(indent, bullet, n);
            }
            int next = t.indexOf('\n', k + 1);
            k = next < 0 || next > lastContent + 1 ? Math.max(k + 1, lastContent + 1) : next;
        }
        return null;
    }

    /** Alternatives 1-3 at a newline run starting at {@code k}; the list end, or -1. */
    private static int endAtNewlines(BlockScanner s, int k, String indent) {
        String t = s.text;
        int q = k;
        while (q < s.length && t.charAt(q) == '\n') {
            q++;
        }
        if (t.startsWith(indent, q) && ThematicBreak.bodyEnd(t, q + indent.length()) >= 0
                || ThematicBreak.bodyEnd(t, q) >= 0) {
            return q;
        }
        if (s.firstAfterIndent(q) == '[' && s.match(BlockRules.DEF, q) != null) {
            return q;
        }
        int newlines = q - k;
        if (newlines >= 3) {
            return q;
        }
        if (newlines == 2 && !(q < s.length && t.charAt(q) == ' ') && !startsBulletItem(t, q, indent)) {
            return q;
        }
        return -1;
    }

    /** {@code \1bull } at {@code q}. */
    private static boolean startsBulletItem(String t, int q, String indent) {
        if (!t.startsWith(indent, q)) {
            return false;
        }
        int b = bulletLength(t, q + indent.length());
        return b > 0 && q + indent.length() + b < t.length() && t.charAt(q + indent.length() + b) == ' ';
    }

    /** Length of {@code (?:[*+-]|\d{1,9}\.)} at {@code p}, or 0. */
    static int bulletLength(String s, int p) {
        if (p >= s.length()) {
            return 0;
        }
        char c = s.charAt(p);
        if (c == '*' || c == '+' || c == '-') {
            return 1;
        }
        int d = 0;
        while (d < 10 && p + d < s.length() && s.charAt(p + d) >= '0' && s.charAt(p + d) <= '9') {
            d++;
        }
        return d > 0 && d <= 9 && p + d < s.length() && s.charAt(p + d) == '.' ? d + 1 : 0;
    }
}

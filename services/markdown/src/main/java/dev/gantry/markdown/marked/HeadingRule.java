package dev.gantry.markdown.marked;

/**
 * marked's ATX heading rule {@code ^ {0,3}(#{1,6}) +([^\n]*?)(?: +#+)? *(?:\n+|$)}, hand-written:
 * the lazy text ends at the earliest point from which the rest of the line is {@code ( +#+)? *}.
 * (The regex never backtracks into the leading parts: 7+ hashes or a missing space fail outright.)
 */
final class HeadingRule {
    final int depth;
    final String text;
    final int end;

    private HeadingRule(int depth, String text, int end) {
        this.depth = depth;
        this.text = text;
        this.end = end;
    }

    /** The heading at {@code pos}, or null. */
    static HeadingRule match(String s, int pos) {
        int n = s.length();
        int p = pos;
        while (p - pos < 3 && p < n && s.charAt(p) == ' ') {
            p++;
        }
        int hashes = 0;
        while (p + hashes < n && s.charAt(p + hashes) == '#') {
            hashes++;
        }
        if (hashes < 1 || hashes > 6 || p + hashes >= n || s.charAt(p + hashes) != ' ') {
            return null;
        }
        int contentStart = p + hashes;
        while (contentStart < n && s.charAt(contentStart) == ' ') {
            contentStart++;
        }
        int lineEnd = s.indexOf('\n', contentStart);
        if (lineEnd < 0) {
            lineEnd = n;
        }
        int textEnd = lineEnd;
        while (textEnd > contentStart && s.charAt(textEnd - 1) == ' ') {
            textEnd--;
        }
        int h = textEnd;
        while (h > contentStart && s.charAt(h - 1) == '#') {
            h--;
        }
        if (h < textEnd && h > contentStart && s.charAt(h - 1) == ' ') {
            textEnd = h - 1;
            while (textEnd > contentStart && s.charAt(textEnd - 1) == ' ') {
                textEnd--;
            }
        }
        int end = lineEnd;
        while (end < n && s.charAt(end) == '\n') {
            end++;
        }
        return new HeadingRule(hashes, s.substring(contentStart, textEnd), end);
    }
}

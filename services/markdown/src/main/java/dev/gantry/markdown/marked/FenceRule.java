package dev.gantry.markdown.marked;

/**
 * marked's fenced code rule
 * {@code ^ {0,3}(`{3,}|~{3,})([^`~\n]*)\n(?:|([\s\S]*?)\n)(?: {0,3}\1[~`]* *(?:\n+|$)|$)},
 * hand-written: after the opening line, the code ends at the first line (or end of input) that
 * closes it; without a closing line the block runs to the end if the input ends with a newline.
 */
final class FenceRule {
    final String info;
    final String text;
    final int end;

    private FenceRule(String info, String text, int end) {
        this.info = info;
        this.text = text;
        this.end = end;
    }

    static FenceRule match(String s, int pos) {
        int n = s.length();
        int p = pos;
        while (p - pos < 3 && p < n && s.charAt(p) == ' ') {
            p++;
        }
        if (p >= n || s.charAt(p) != '`' && s.charAt(p) != '~') {
            return null;
        }
        char f = s.charAt(p);
        int q = p;
        while (q < n && s.charAt(q) == f) {
            q++;
        }
        if (q - p < 3) {
            return null;
        }
        String fence = s.substring(p, q);
        int infoEnd = q;
        while (infoEnd < n && s.charAt(infoEnd) != '\n' && s.charAt(infoEnd) != '`' && s.charAt(infoEnd) != '~') {
            infoEnd++;
        }
        if (infoEnd >= n || s.charAt(infoEnd) != '\n') {
            return null;
        }
        String info = s.substring(q, infoEnd);
        int a = infoEnd + 1;
        int close = closingEnd(s, a, fence);
        if (close >= 0) {
            return new FenceRule(info, "", close);
        }
        for (int j = s.indexOf('\n', a); j >= 0; j = s.indexOf('\n', j + 1)) {
            close = closingEnd(s, j + 1, fence);
            if (close >= 0) {
                return new FenceRule(info, s.substring(a, j), close);
            }
        }
        return null;
    }

    /** {@code (?: {0,3}\1[~`]* *(?:\n+|$)|$)} at {@code p}: its end, or -1. */
    private static int closingEnd(String s, int p, String fence) {
        int n = s.length();
        if (p == n) {
            return n;
        }
        int q = p;
        while (q - p < 3 && q < n && s.charAt(q) == ' ') {
            q++;
        }
        if (!s.startsWith(fence, q)) {
            return -1;
        }
        q += fence.length();
        while (q < n && (s.charAt(q) == '~' || s.charAt(q) == '`')) {
            q++;
        }
        while (q < n && s.charAt(q) == ' ') {
            q++;
        }
        if (q < n && s.charAt(q) != '\n') {
            return -1;
        }
        while (q < n && s.charAt(q) == '\n') {
            q++;
        }
        return q;
    }
}

package dev.gantry.markdown.marked;

/**
 * marked's {@code hr} body {@code ((?:- *){3,}|(?:_ *){3,}|(?:\* *){3,})(?:\n+|$)}, hand-written:
 * three or more of one of {@code - _ *}, spaces allowed between and after, then the end of the line.
 */
final class ThematicBreak {
    private ThematicBreak() {}

    /** End (after trailing newlines) of a thematic break starting exactly at {@code p}, or -1. */
    static int bodyEnd(String s, int p) {
        int n = s.length();
        if (p >= n) {
            return -1;
        }
        char c = s.charAt(p);
        if (c != '-' && c != '_' && c != '*') {
            return -1;
        }
        int count = 0;
        int q = p;
        while (q < n && (s.charAt(q) == c || s.charAt(q) == ' ')) {
            if (s.charAt(q) == c) {
                count++;
            }
            q++;
        }
        if (count < 3 || q < n && s.charAt(q) != '\n') {
            return -1;
        }
        while (q < n && s.charAt(q) == '\n') {
            q++;
        }
        return q;
    }

    /** The same with up to three leading spaces ({@code ^ {0,3}hr}). */
    static int end(String s, int pos) {
        int p = pos;
        while (p - pos < 3 && p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        return bodyEnd(s, p);
    }
}

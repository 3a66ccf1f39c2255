package dev.gantry.markdown.marked;

/**
 * marked 0.8.0's GFM inline {@code text} rule, hand-written in linear time:
 * one backtick run or one character, then the shortest stretch that ends before a character that
 * may start another rule ({@code \ < ! [ ` * ~}, {@code \b_}, a URL start, end of input), or ends
 * one character before a hard break or before an e-mail address.
 */
final class InlineText {
    private static final String SPECIAL = "\\<![`*~";

    private InlineText() {
    }

    /** End of the text token starting at {@code pos} (pos &lt; length). */
    static int end(String s, int pos) {
        int n = s.length();
        int k = pos + 1;
        if (s.charAt(pos) == '`') {
            while (k < n && s.charAt(k) == '`') {
                k++;
            }
        }
        int emailRunChecked = -1;
        for (; ; k++) {
            if (k >= n || stopsBefore(s, k)) {
                return k;
            }
            char c = s.charAt(k);
            if (c != ' ' && k + 1 < n && s.charAt(k + 1) == ' ' && hardBreakAt(s, k + 1)) {
                return k + 1;
            }
            if (!isEmailChar(c) && k + 1 > emailRunChecked) {
                int r = k + 1;
                while (r < n && isEmailChar(s.charAt(r))) {
                    r++;
                }
                if (r > k + 1 && r < n && s.charAt(r) == '@') {
                    return k + 1;
                }
                emailRunChecked = r;
            }
        }
    }

    private static boolean stopsBefore(String s, int k) {
        char c = s.charAt(k);
        if (SPECIAL.indexOf(c) >= 0) {
            return true;
        }
        if (c == '_' && !JsText.isWord(s.charAt(k - 1))) {
            return true;
        }
        return c == 'h' && (s.startsWith("http://", k) || s.startsWith("https://", k))
            || c == 'f' && s.startsWith("ftp://", k)
            || c == 'w' && s.startsWith("www.", k);
    }

    /** {@code  {2,}\n} at {@code p}. */
    private static boolean hardBreakAt(String s, int p) {
        int q = p;
        while (q < s.length() && s.charAt(q) == ' ') {
            q++;
        }
        return q - p >= 2 && q < s.length() && s.charAt(q) == '\n';
    }

    private static boolean isEmailChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || ".!#$%&'*+/=?_`{|}~-".indexOf(c) >= 0);
    }
}

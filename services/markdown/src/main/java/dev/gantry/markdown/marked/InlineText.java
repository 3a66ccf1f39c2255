package dev.gantry.markdown.marked;

/**
 * marked 0.8.0's GFM inline {@code text} rule, hand-written in linear time:
 * one backtick run or one character, then the shortest stretch that ends before a character that
 * may start another rule ({@code \ < ! [ ` * ~}, {@code \b_}, a URL start, end of input), or ends
 * one character before a hard break ({@code [^ ](?= {2,}\n)}) or before an e-mail address
 * ({@code [^emailchar](?=emailchar+@)}).
 */
final class InlineText {
    private static final byte STOP = 1;
    private static final byte EMAIL = 2;
    private static final byte URL_START = 4;
    private static final byte[] CLASS = new byte[128];

    static {
        for (char c : "\\<![`*~".toCharArray()) {
            CLASS[c] |= STOP;
        }
        for (char c = 0; c < 128; c++) {
            if (Character.isLetterOrDigit(c) || ".!#$%&'*+/=?_`{|}~-".indexOf(c) >= 0) {
                CLASS[c] |= EMAIL;
            }
        }
        CLASS['h'] |= URL_START;
        CLASS['f'] |= URL_START;
        CLASS['w'] |= URL_START;
    }

    private InlineText() {}

    /** End of the text token starting at {@code pos} (pos &lt; length). */
    static int end(String s, int pos) {
        int n = s.length();
        int k = pos + 1;
        if (s.charAt(pos) == '`') {
            while (k < n && s.charAt(k) == '`') {
                k++;
            }
        }
        for (; k < n; k++) {
            char c = s.charAt(k);
            int cls = c < 128 ? CLASS[c] : 0;
            if ((cls & STOP) != 0
                    || c == '_' && !JsText.isWord(s.charAt(k - 1))
                    || (cls & URL_START) != 0 && urlStartsAt(s, k)) {
                return k;
            }
            if (c != ' ' && k + 2 < n && s.charAt(k + 1) == ' ' && s.charAt(k + 2) == ' ' && hardBreakAt(s, k + 1)) {
                return k + 1;
            }
            if ((cls & EMAIL) == 0 && k + 1 < n && isEmailChar(s.charAt(k + 1)) && emailAt(s, k + 1)) {
                return k + 1;
            }
        }
        return n;
    }

    private static boolean urlStartsAt(String s, int k) {
        return s.startsWith("http://", k)
                || s.startsWith("https://", k)
                || s.startsWith("ftp://", k)
                || s.startsWith("www.", k);
    }

    /** {@code  {2,}\n} at {@code p}. */
    private static boolean hardBreakAt(String s, int p) {
        int q = p;
        while (q < s.length() && s.charAt(q) == ' ') {
            q++;
        }
        return q - p >= 2 && q < s.length() && s.charAt(q) == '\n';
    }

    /** {@code emailchar+@} at {@code p}. */
    private static boolean emailAt(String s, int p) {
        int r = p;
        while (r < s.length() && isEmailChar(s.charAt(r))) {
            r++;
        }
        return r > p && r < s.length() && s.charAt(r) == '@';
    }

    private static boolean isEmailChar(char c) {
        return c < 128 && (CLASS[c] & EMAIL) != 0;
    }
}

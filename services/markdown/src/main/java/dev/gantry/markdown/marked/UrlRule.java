package dev.gantry.markdown.marked;

/**
 * The first alternative of marked's GFM {@code url} rule,
 * {@code ((?:ftp|https?):\/\/|www\.)(?:[a-zA-Z0-9\-]+\.?)+[^\s<]*} (case-insensitive), hand-written:
 * a scheme or {@code www.} prefix, one domain character, then everything up to whitespace or
 * {@code <} (the trailing {@code [^\s<]*} absorbs whatever the domain loop took). The e-mail
 * alternative can only match where a run of local-part characters is followed by {@code @}.
 */
final class UrlRule {
    private static final String[] PREFIXES = {"ftp://", "http://", "https://", "www."};

    private UrlRule() {}

    /** Length of the scheme/www prefix at {@code pos} (case-insensitive), or 0. */
    static int prefixLength(String s, int pos) {
        for (String p : PREFIXES) {
            if (s.regionMatches(true, pos, p, 0, p.length()) && asciiOnly(s, pos, p.length())) {
                return p.length();
            }
        }
        return 0;
    }

    /** End of the URL whose prefix ends at {@code afterPrefix}, or -1 when no domain character follows. */
    static int end(String s, int afterPrefix) {
        if (afterPrefix >= s.length() || !isDomainChar(s.charAt(afterPrefix))) {
            return -1;
        }
        int e = afterPrefix + 1;
        while (e < s.length() && s.charAt(e) != '<' && !JsText.isSpace(s.charAt(e))) {
            e++;
        }
        return e;
    }

    /** True when the e-mail alternative could match: local-part characters from {@code pos}, then {@code @}. */
    static boolean mayBeEmail(String s, int pos) {
        int e = pos;
        while (e < s.length() && isLocalChar(s.charAt(e))) {
            e++;
        }
        return e > pos && e < s.length() && s.charAt(e) == '@';
    }

    private static boolean asciiOnly(String s, int pos, int len) {
        for (int i = pos; i < pos + len; i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomainChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '-');
    }

    private static boolean isLocalChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-');
    }
}

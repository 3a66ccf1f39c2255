package dev.gantry.markdown.marked;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** marked's string helpers: {@code escape}, {@code unescape}, and the {@code encodeURI} step of {@code cleanUrl}. */
public final class Html {
    private static final String URI_UNRESERVED = ";,/?:@&=+$-_.!~*'()#";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Html() {}

    /** marked's {@code escape(html, true)}: every {@code & < > " '}. */
    public static String escapeAll(String s) {
        return escape(s, true);
    }

    /** marked's {@code escape(html)}: {@code < > " '} and any {@code &} not starting {@code &#?\w+;}. */
    public static String escapeText(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean encode) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '&' -> encode || !startsEntity(s, i) ? "&amp;" : null;
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** True when {@code &#?\w+;} matches at {@code i}. */
    private static boolean startsEntity(String s, int i) {
        int p = i + 1;
        if (p < s.length() && s.charAt(p) == '#') {
            p++;
        }
        int start = p;
        while (p < s.length() && JsText.isWord(s.charAt(p))) {
            p++;
        }
        return p > start && p < s.length() && s.charAt(p) == ';';
    }

    /** marked's {@code unescape}: numeric references decoded, {@code &colon;} to ':', other names removed. */
    public static String unescape(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, amp);
        int i = amp;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end = c == '&' ? referenceEnd(s, i + 1) : -1;
            if (end < 0) {
                out.append(c);
                i++;
                continue;
            }
            out.append(decode(JsText.lower(s.substring(i + 1, end))));
            i = end < s.length() && s.charAt(end) == ';' ? end + 1 : end;
        }
        return out.toString();
    }

    /** End of {@code #\d+ | #x[0-9a-f]+ | \w+} (case-insensitive) starting at {@code p}, or -1. */
    private static int referenceEnd(String s, int p) {
        if (p < s.length() && s.charAt(p) == '#') {
            int q = p + 1;
            while (q < s.length() && s.charAt(q) >= '0' && s.charAt(q) <= '9') {
                q++;
            }
            if (q > p + 1) {
                return q;
            }
            if (q < s.length() && (s.charAt(q) == 'x' || s.charAt(q) == 'X')) {
                int h = q + 1;
                while (h < s.length() && Character.digit(s.charAt(h), 16) >= 0 && s.charAt(h) < 128) {
                    h++;
                }
                return h > q + 1 ? h : -1;
            }
            return -1;
        }
        int q = p;
        while (q < s.length() && JsText.isWord(s.charAt(q))) {
            q++;
        }
        return q > p ? q : -1;
    }

    private static String decode(String n) {
        if (n.equals("colon")) {
            return ":";
        }
        if (n.charAt(0) != '#') {
            return "";
        }
        double value = n.charAt(1) == 'x'
                ? new BigInteger(n.substring(2), 16).doubleValue()
                : Double.parseDouble(n.substring(1));
        return String.valueOf(toUint16(value));
    }

    /** JavaScript's ToUint16, as used by {@code String.fromCharCode}. */
    static char toUint16(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return 0;
        }
        return (char)
                new BigDecimal(v).toBigInteger().mod(BigInteger.valueOf(65536)).intValue();
    }

    /**
     * JavaScript {@code encodeURI(href).replace(/%25/g, '%')}; null where {@code encodeURI} throws
     * (a lone surrogate).
     */
    public static String encodeUri(String href) {
        StringBuilder out = new StringBuilder(href.length() + 16);
        for (int i = 0; i < href.length(); i++) {
            char c = href.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || URI_UNRESERVED.indexOf(c) >= 0)) {
                out.append(c);
            } else if (c == '%') {
                out.append('%');
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < href.length()
                    && Character.isLowSurrogate(href.charAt(i + 1))) {
                percent(out, href.substring(i, i + 2));
                i++;
            } else if (Character.isSurrogate(c)) {
                return null;
            } else {
                percent(out, String.valueOf(c));
            }
        }
        return out.toString();
    }

    private static void percent(StringBuilder out, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }
}

package dev.gantry.markdown.marked;

/**
 * JavaScript string semantics that differ from Java's: the {@code \s} set, {@code trim()},
 * the line terminators seen by {@code ^}/{@code $} in multiline mode, and the regex fragments
 * used to spell those sets inside {@link java.util.regex.Pattern}s.
 */
public final class JsText {
    /**
     * Contents of a character class equal to JavaScript's {@code \s}. The non-Latin-1 members sit in
     * a nested intersection so that java.util.regex tests ASCII input with one bitmap and one range
     * check instead of a chain of nine predicates.
     */
    public static final String WS = "\\t\\n\\x0B\\f\\r \\u00A0"
            + "[\\u1680-\\uFEFF&&[\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]]";
    /** JavaScript {@code \s}. */
    public static final String S = "[" + WS + "]";
    /** JavaScript {@code \S}. */
    public static final String NS = "[^" + WS + "]";
    /** JavaScript {@code .} (no dotAll). */
    public static final String DOT = "[^\\n\\r\\u2028\\u2029]";

    private JsText() {}

    /** True for the characters of JavaScript's {@code \s} (also the set {@code trim()} removes). */
    public static boolean isSpace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000B',
                    '\f',
                    '\r',
                    ' ',
                    '\u00A0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202F',
                    '\u205F',
                    '\u3000',
                    '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    /** True for the characters that end a line for JavaScript's multiline {@code ^} and {@code $}. */
    public static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /** True for JavaScript's {@code \w} (ASCII only). */
    public static boolean isWord(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** JavaScript {@code String.prototype.trim()}. */
    public static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** JavaScript {@code String.prototype.trimRight()}. */
    public static String trimRight(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** True when every character is in JavaScript's {@code \s} (also for the empty string). */
    public static boolean isBlank(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** marked's {@code rtrim(str, c)}: removes trailing occurrences of {@code c}. */
    public static String rtrim(String s, char c) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == c) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code s.replace(/\s+/g, ' ')} with JavaScript's {@code \s}. */
    public static String collapseSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inRun = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                if (!inRun) {
                    out.append(' ');
                }
                inRun = true;
            } else {
                out.append(c);
                inRun = false;
            }
        }
        return out.toString();
    }

    /**
     * Removes, at the start of every line (JavaScript multiline {@code ^}), up to {@code max} spaces,
     * but only where at least {@code min} are present: {@code s.replace(/^ {min,max}/gm, '')}.
     */
    public static String stripLineIndent(String s, int min, int max) {
        StringBuilder out = new StringBuilder(s.length());
        boolean lineStart = true;
        int i = 0;
        while (i < s.length()) {
            if (lineStart) {
                int n = 0;
                while (n < max && i + n < s.length() && s.charAt(i + n) == ' ') {
                    n++;
                }
                if (n >= min) {
                    i += n;
                }
                lineStart = false;
                continue;
            }
            char c = s.charAt(i++);
            out.append(c);
            lineStart = isLineTerminator(c);
        }
        return out.toString();
    }

    /** Blanks lines made only of spaces: {@code s.replace(/^ +$/gm, '')}. */
    public static String blankSpaceOnlyLines(String s) {
        if (!hasSpaceOnlyLine(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            int j = i;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j > i && (j == n || isLineTerminator(s.charAt(j)))) {
                i = j;
            }
            while (i < n && !isLineTerminator(s.charAt(i))) {
                out.append(s.charAt(i++));
            }
            if (i < n) {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    private static boolean hasSpaceOnlyLine(String s) {
        int n = s.length();
        boolean lineStart = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (lineStart && c == ' ') {
                int j = i;
                while (j < n && s.charAt(j) == ' ') {
                    j++;
                }
                if (j == n || isLineTerminator(s.charAt(j))) {
                    return true;
                }
                i = j - 1;
                lineStart = false;
                continue;
            }
            lineStart = isLineTerminator(c);
        }
        return false;
    }

    /** JavaScript {@code toLowerCase()} (locale independent, full mapping). */
    public static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}

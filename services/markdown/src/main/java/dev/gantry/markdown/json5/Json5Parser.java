package dev.gantry.markdown.json5;

import java.util.ArrayList;
import java.util.List;

/**
 * Port of json5 0.5.1's {@code JSON5.parse} (a recursive-descent parser after Crockford's
 * json_parse.js), including its quirks and its exact error messages. Values: {@link JsObject},
 * {@code List<Object>}, {@code String}, {@code Double}, {@code Boolean}, {@link #NULL}.
 */
public final class Json5Parser {
    /** JavaScript {@code null}. */
    public static final Object NULL = Special.NULL;
    /** JavaScript {@code undefined} (only produced by property lookups). */
    public static final Object UNDEFINED = Special.UNDEFINED;

    private static final int EOF = -1;
    private static final int MAX_DEPTH = 2000;
    private static final String WHITESPACE = " \t\r\n\u000B\f\u00A0\uFEFF";

    private enum Special {
        NULL,
        UNDEFINED
    }

    private final String text;
    private int at;
    private int lineNumber = 1;
    private int columnNumber = 1;
    private int ch = ' ';
    private int depth;

    private Json5Parser(String text) {
        this.text = text;
    }

    /** {@code JSON5.parse(source)}; throws {@link Json5Exception} with json5's message. */
    public static Object parse(String source) {
        Json5Parser p = new Json5Parser(source);
        Object result = p.value();
        p.white();
        if (p.ch != EOF) {
            throw p.error("Syntax error");
        }
        return result;
    }

    Json5Exception error(String m) {
        int start = Math.max(0, Math.min(at - 1, text.length()));
        int end = Math.max(0, Math.min(at + 19, text.length()));
        String rest = text.substring(Math.min(start, end), Math.max(start, end));
        return new Json5Exception(
                m + " at line " + lineNumber + " column " + columnNumber + " of the JSON5 data. Still to read: "
                        + JsonString.quote(rest),
                at,
                lineNumber,
                columnNumber);
    }

    private static String render(int c) {
        return c == EOF ? "EOF" : "'" + (char) c + "'";
    }

    int next(int expected) {
        if (expected != EOF && expected != ch) {
            throw error("Expected " + render(expected) + " instead of " + render(ch));
        }
        return next();
    }

    int next() {
        ch = at < text.length() ? text.charAt(at) : EOF;
        at++;
        columnNumber++;
        if (ch == '\n' || ch == '\r' && peek() != '\n') {
            lineNumber++;
            columnNumber = 0;
        }
        return ch;
    }

    private int peek() {
        return at < text.length() ? text.charAt(at) : EOF;
    }

    int ch() {
        return ch;
    }

    private String identifier() {
        StringBuilder key = new StringBuilder();
        if (ch != '_' && ch != '$' && (ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z')) {
            throw error("Bad identifier as unquoted key");
        }
        key.append((char) ch);
        while (next() != EOF
                && (ch == '_'
                        || ch == '$'
                        || ch >= 'a' && ch <= 'z'
                        || ch >= 'A' && ch <= 'Z'
                        || ch >= '0' && ch <= '9')) {
            key.append((char) ch);
        }
        return key.toString();
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        if (ch == '"' || ch == '\'') {
            int delim = ch;
            while (next() != EOF) {
                if (ch == delim) {
                    next();
                    return s.toString();
                } else if (ch == '\\') {
                    if (!escape(s)) {
                        break;
                    }
                } else if (ch == '\n') {
                    break;
                } else {
                    s.append((char) ch);
                }
            }
        }
        throw error("Bad string");
    }

    /** Handles the character after a backslash; false where json5 gives up ("Bad string"). */
    private boolean escape(StringBuilder s) {
        next();
        if (ch == 'u') {
            int code = 0;
            for (int i = 0; i < 4; i++) {
                int hex = hexDigit(next());
                if (hex < 0) {
                    break;
                }
                code = code * 16 + hex;
            }
            s.append((char) code);
            return true;
        }
        if (ch == '\r') {
            if (peek() == '\n') {
                next();
            }
            return true;
        }
        String replacement = switch (ch) {
            case '\'' -> "'";
            case '"' -> "\"";
            case '\\' -> "\\";
            case '/' -> "/";
            case '\n' -> "";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            default -> null;
        };
        if (replacement == null) {
            return false;
        }
        s.append(replacement);
        return true;
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    void white() {
        while (ch != EOF) {
            if (ch == '/') {
                Json5Comments.skip(this);
            } else if (WHITESPACE.indexOf(ch) >= 0) {
                next();
            } else {
                return;
            }
        }
    }

    private Object word() {
        switch (ch) {
            case 't' -> {
                expectWord("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                expectWord("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                expectWord("null");
                return NULL;
            }
            case 'I' -> {
                expectWord("Infinity");
                return Double.POSITIVE_INFINITY;
            }
            case 'N' -> {
                expectWord("NaN");
                return Double.NaN;
            }
            default -> throw error("Unexpected " + render(ch));
        }
    }

    private void expectWord(String word) {
        for (int i = 0; i < word.length(); i++) {
            next(word.charAt(i));
        }
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        if (ch == '[') {
            next('[');
            white();
            while (ch != EOF) {
                if (ch == ']') {
                    next(']');
                    return array;
                }
                if (ch == ',') {
                    throw error("Missing array element");
                }
                array.add(value());
                white();
                if (ch != ',') {
                    next(']');
                    return array;
                }
                next(',');
                white();
            }
        }
        throw error("Bad array");
    }

    private JsObject object() {
        JsObject object = new JsObject();
        if (ch == '{') {
            next('{');
            white();
            while (ch != EOF) {
                if (ch == '}') {
                    next('}');
                    return object;
                }
                String key = ch == '"' || ch == '\'' ? string() : identifier();
                white();
                next(':');
                object.assign(key, value());
                white();
                if (ch != ',') {
                    next('}');
                    return object;
                }
                next(',');
                white();
            }
        }
        throw error("Bad object");
    }

    private Object value() {
        if (++depth > MAX_DEPTH) {
            throw error("Nested deeper than " + MAX_DEPTH + " levels");
        }
        white();
        Object v = switch (ch) {
            case '{' -> object();
            case '[' -> array();
            case '"', '\'' -> string();
            case '-', '+', '.' -> Json5Number.parse(this);
            default -> ch >= '0' && ch <= '9' ? Json5Number.parse(this) : word();
        };
        depth--;
        return v;
    }

    /** json5's {@code word()} for the number parser ({@code Infinity}, {@code NaN}). */
    Object wordForNumber() {
        return word();
    }
}

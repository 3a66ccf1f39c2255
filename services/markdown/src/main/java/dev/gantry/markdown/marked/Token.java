package dev.gantry.markdown.marked;

import java.util.List;

/**
 * One block token, mutable like marked's token objects (the marqdown layer rewrites heading text
 * and fills placeholder text after the fact). {@code line} is the 1-based input line it came from.
 */
public final class Token {
    public final TokenType type;
    public String text;
    public String lang;
    public int depth;
    public boolean ordered;
    public int start;
    public boolean loose;
    public boolean task;
    public boolean checked;
    public List<String> header;
    public List<String> align;
    public List<List<String>> cells;
    public int line;

    public Token(TokenType type) {
        this.type = type;
    }

    /** A {@code text} token, the kind marqdown injects its HTML fragments as. */
    public static Token text(String text) {
        Token t = new Token(TokenType.TEXT);
        t.text = text;
        return t;
    }

    static Token of(TokenType type, int line) {
        Token t = new Token(type);
        t.line = line;
        return t;
    }

    @Override
    public String toString() {
        return type.jsName() + (text == null ? "" : ":" + text);
    }
}

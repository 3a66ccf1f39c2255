package dev.gantry.markdown.marked;

import java.util.ArrayList;
import java.util.List;

/**
 * Port of marked 0.8.0's {@code Parser} with the default {@code Renderer}: turns a token list into
 * HTML. One instance per document: the two inline lexers (HTML and text-only, for heading ids) and
 * the slugger keep their state across blocks, as in the original.
 */
public final class Parser {
    private final List<Token> tokens;
    private final InlineLexer inline;
    private final InlineLexer inlineText;
    private final Slugger slugger = new Slugger();
    private int index;
    private Token token;

    private Parser(TokenList tokens, Budget budget) {
        this.tokens = new ArrayList<>(tokens);
        this.inline = new InlineLexer(tokens.links(), new HtmlInlineRenderer(), budget);
        this.inlineText = new InlineLexer(tokens.links(), new TextInlineRenderer(), budget);
    }

    /** {@code marked.parser(tokens)}; throws {@link UnknownTokenException} where marked throws. */
    public static String parse(TokenList tokens, Budget budget) {
        Parser parser = new Parser(tokens, budget);
        StringBuilder out = new StringBuilder();
        while (parser.next() != null) {
            out.append(parser.tok());
        }
        return out.toString();
    }

    private Token next() {
        token = index < tokens.size() ? tokens.get(index++) : null;
        return token;
    }

    private Token nextOrFail() {
        Token t = next();
        if (t == null) {
            throw new UnknownTokenException("Cannot read property 'type' of undefined", 0);
        }
        return t;
    }

    private Token peek() {
        return index < tokens.size() ? tokens.get(index) : null;
    }

    private String parseText() {
        StringBuilder body = new StringBuilder(token.text);
        while (peek() != null && peek().type == TokenType.TEXT) {
            body.append('\n').append(next().text);
        }
        return inline.output(body.toString());
    }

    private String tok() {
        Token t = token;
        return switch (t.type) {
            case SPACE -> "";
            case HR -> "<hr>\n";
            case HEADING -> heading(t);
            case CODE -> code(t.text, t.lang);
            case TABLE -> BlockHtml.table(t, inline);
            case BLOCKQUOTE_START -> blockquote();
            case LIST_START -> list(t);
            case LIST_ITEM_START -> listItem(t);
            case HTML -> t.text;
            case PARAGRAPH -> "<p>" + inline.output(t.text) + "</p>\n";
            case TEXT -> "<p>" + parseText() + "</p>\n";
            default ->
                throw new UnknownTokenException("Token with \"" + t.type.jsName() + "\" type was not found.", t.line);
        };
    }

    private String heading(Token t) {
        String html = inline.output(t.text);
        String raw = Html.unescape(inlineText.output(t.text));
        return "<h" + t.depth + " id=\"" + slugger.slug(raw) + "\">" + html + "</h" + t.depth + ">\n";
    }

    private static String code(String code, String infostring) {
        String lang = firstWord(infostring == null ? "" : infostring);
        if (lang.isEmpty()) {
            return "<pre><code>" + Html.escapeAll(code) + "</code></pre>";
        }
        return "<pre><code class=\"language-" + Html.escapeAll(lang) + "\">" + Html.escapeAll(code) + "</code></pre>\n";
    }

    /** {@code s.match(/\S*}/)[0]}. */
    private static String firstWord(String s) {
        int e = 0;
        while (e < s.length() && !JsText.isSpace(s.charAt(e))) {
            e++;
        }
        return s.substring(0, e);
    }

    private String blockquote() {
        StringBuilder body = new StringBuilder();
        while (nextOrFail().type != TokenType.BLOCKQUOTE_END) {
            body.append(tok());
        }
        return "<blockquote>\n" + body + "</blockquote>\n";
    }

    private String list(Token start) {
        StringBuilder body = new StringBuilder();
        while (nextOrFail().type != TokenType.LIST_END) {
            body.append(tok());
        }
        String type = start.ordered ? "ol" : "ul";
        String startAttr = start.ordered && start.start != 1 ? " start=\"" + start.start + "\"" : "";
        return "<" + type + startAttr + ">\n" + body + "</" + type + ">\n";
    }

    private String listItem(Token item) {
        StringBuilder body = new StringBuilder();
        if (item.task) {
            String box = item.checked
                    ? "<input checked=\"\" disabled=\"\" type=\"checkbox\"> "
                    : "<input disabled=\"\" type=\"checkbox\"> ";
            if (!item.loose) {
                body.append(box);
            } else if (peek() != null && peek().type == TokenType.TEXT) {
                peek().text = box + " " + peek().text;
            } else {
                tokens.add(index, Token.text(box));
            }
        }
        while (nextOrFail().type != TokenType.LIST_ITEM_END) {
            body.append(!item.loose && token.type == TokenType.TEXT ? parseText() : tok());
        }
        return "<li>" + body + "</li>\n";
    }
}

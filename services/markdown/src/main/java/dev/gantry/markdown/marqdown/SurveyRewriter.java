package dev.gantry.markdown.marqdown;

import dev.gantry.markdown.json5.Json5Exception;
import dev.gantry.markdown.json5.Json5Parser;
import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.Token;
import dev.gantry.markdown.marked.TokenList;
import dev.gantry.markdown.marked.TokenType;
import java.util.ArrayList;
import java.util.List;

/**
 * §5: the marqdown token rewrite. Pages, question placeholders, choice lists, input blockquotes,
 * survey tables and {@code none} code blocks become {@code text} tokens holding HTML fragments.
 */
final class SurveyRewriter {
    private final TokenList in;
    private final Object options;
    private final Budget budget;
    private final TokenList out;
    private int q;
    private Token placeholder;
    private int page;
    private int i;

    SurveyRewriter(TokenList in, Object options, Budget budget) {
        this.in = in;
        this.options = options;
        this.budget = budget;
        this.out = new TokenList(in.links());
    }

    TokenList rewrite() {
        out.add(Token.text(Fragments.page(0)));
        page = 1;
        for (i = 0; i < in.size(); i++) {
            Token t = in.get(i);
            out.add(t);
            t = checks(t);
        }
        out.add(Token.text("</div>"));
        return out;
    }

    private Token checks(Token t) {
        if (t.type == TokenType.CODE && "none".equals(t.lang)) {
            removeLast();
            out.add(Token.text(Fragments.CODE_NONE));
        }
        if (t.type == TokenType.HEADING && t.depth == 3) {
            question(t);
        }
        if (t.type == TokenType.HR) {
            removeLast();
            out.add(Token.text("</div>"));
            out.add(Token.text(Fragments.page(page++)));
        }
        if (t.type == TokenType.LIST_START) {
            t = choiceList(t);
        }
        if (t != null && t.type == TokenType.BLOCKQUOTE_START) {
            t = inputBlockquote(t);
        }
        if (t != null && t.type == TokenType.TABLE) {
            surveyTable(t);
        }
        return t;
    }

    private void question(Token heading) {
        if (q > 0) {
            Token before = out.get(out.size() - 2);
            boolean afterPage = before.type == TokenType.TEXT && before.text.contains("data-page=");
            out.add(afterPage ? out.size() - 3 : out.size() - 1, Token.text("</div>"));
        }
        placeholder = Token.text("");
        out.add(out.size() - 1, placeholder);
        q++;
        if (options == Json5Parser.NULL) {
            throw new MarqdownException(
                    "the JSON5 header is null, so question options cannot be read" + " (use {} for no options)",
                    heading.line);
        }
        if (JsValues.truthy(JsValues.get(options, "NumberQuestions"))) {
            heading.text = q + ". " + heading.text;
        }
    }

    private Token choiceList(Token t) {
        removeLast();
        boolean ordered = t.ordered;
        int line = t.line;
        List<String> labels = new ArrayList<>();
        List<Token> inner = new ArrayList<>();
        while (t != null && t.type != TokenType.LIST_END) {
            if (t.type == TokenType.LIST_ITEM_START) {
                inner = new ArrayList<>();
            } else if (t.type != TokenType.LIST_ITEM_END) {
                inner.add(t);
            }
            if (t.type == TokenType.LIST_ITEM_END) {
                labels.add(ChoiceLabels.label(inner, in.links(), budget));
            }
            i++;
            t = i < in.size() ? in.get(i) : null;
        }
        out.add(Token.text(Fragments.choices(ordered, labels)));
        setKind(ordered ? "singlechoice" : "multichoice", "a choice list", line);
        return t;
    }

    private Token inputBlockquote(Token start) {
        i++;
        Token t = in.get(i);
        if (!(t.type.hasText() && t.text != null && t.text.contains("{"))) {
            out.add(t);
            return t;
        }
        removeLast();
        String json = t.text;
        int jsonLine = t.line;
        while (t.type != TokenType.BLOCKQUOTE_END) {
            i++;
            t = in.get(i);
        }
        Object value = parseInput(json, jsonLine);
        String kind;
        if (JsValues.truthy(value) && JsValues.truthy(JsValues.get(value, "upload"))) {
            out.add(Token.text(Fragments.UPLOAD));
            kind = "fileupload";
        } else if (JsValues.truthy(value)
                && JsValues.truthy(JsValues.get(value, "rows"))
                && JsValues.greaterThanOne(JsValues.get(value, "rows"))) {
            out.add(Token.text(Fragments.TEXTAREA));
            kind = "textarea";
        } else {
            out.add(Token.text(Fragments.TEXT_INPUT));
            kind = "text";
        }
        setKind(kind, "an input blockquote (> {...})", start.line);
        return t;
    }

    private static Object parseInput(String json, int line) {
        try {
            return Json5Parser.parse(json);
        } catch (Json5Exception e) {
            throw new MarqdownException(
                    "invalid JSON5 in input blockquote: " + e.getMessage()
                            + " (a quote whose first block contains '{' must be exactly one JSON5 value)",
                    line + e.lineNumber() - 1);
        }
    }

    private void surveyTable(Token t) {
        if (t.cells.isEmpty() || t.cells.get(0).size() != t.header.size()) {
            return;
        }
        removeLast();
        boolean multi = false;
        List<String> first = t.cells.get(0);
        for (int c = 1; c < first.size(); c++) {
            if (withoutSpaces(first.get(c)).equals("[]")) {
                multi = true;
            }
        }
        out.add(Token.text(Fragments.table(multi, t.header, t.cells)));
        setKind(multi ? "multichoicetable" : "singlechoicetable", "a survey table", t.line);
    }

    private static String withoutSpaces(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            if (!dev.gantry.markdown.marked.JsText.isSpace(s.charAt(k))) {
                b.append(s.charAt(k));
            }
        }
        return b.toString();
    }

    private void setKind(String kind, String what, int line) {
        if (placeholder == null) {
            throw new MarqdownException(
                    what + " appears before the first question; start a question with a" + " '### ' heading first",
                    Math.max(1, line));
        }
        placeholder.text = Fragments.question(q, kind);
    }

    private void removeLast() {
        out.remove(out.size() - 1);
    }
}

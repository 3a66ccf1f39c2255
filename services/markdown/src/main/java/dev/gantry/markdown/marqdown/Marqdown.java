package dev.gantry.markdown.marqdown;

import dev.gantry.markdown.json5.Json5Exception;
import dev.gantry.markdown.json5.Json5Parser;
import dev.gantry.markdown.marked.BlockLexer;
import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.Parser;
import dev.gantry.markdown.marked.TokenList;
import dev.gantry.markdown.marked.UnknownTokenException;

/**
 * checkbox.io's {@code marqdown.render(markdown)}: header split, JSON5 options, marked block
 * lexing, the survey token rewrite ({@link SurveyRewriter}) and marked rendering. Where the
 * original throws, this throws {@link MarqdownException} naming the problem and the input line.
 */
public final class Marqdown {
    private Marqdown() {}

    public static String render(String markdown, Budget budget) {
        SurveyDocument doc = SurveyDocument.split(markdown);
        Object options = parseHeader(doc);
        TokenList tokens = BlockLexer.lex(doc.body(), doc.bodyFirstLine(), budget);
        TokenList rewritten = new SurveyRewriter(tokens, options, budget).rewrite();
        try {
            return Parser.parse(rewritten, budget);
        } catch (UnknownTokenException e) {
            throw new MarqdownException(explain(e), Math.max(1, e.line()));
        }
    }

    private static Object parseHeader(SurveyDocument doc) {
        try {
            return Json5Parser.parse(doc.header());
        } catch (Json5Exception e) {
            int line = doc.headerLine(Math.max(0, e.at() - 1));
            String detail = doc.header().isBlank() ? "the header is empty (use {} for no options)" : e.getMessage();
            throw new MarqdownException("invalid JSON5 header: " + detail, line);
        }
    }

    private static String explain(UnknownTokenException e) {
        String type = e.tokenType();
        if ("list_item_end".equals(type) || "list_end".equals(type)) {
            return "a choice list must not contain a nested list (marked: " + e.getMessage() + ")";
        }
        if ("blockquote_end".equals(type)) {
            return "an input blockquote (> {...}) must not contain a nested blockquote (marked: " + e.getMessage()
                    + ")";
        }
        return "the survey cannot be rendered: " + e.getMessage();
    }
}

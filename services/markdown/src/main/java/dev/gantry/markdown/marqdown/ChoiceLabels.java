package dev.gantry.markdown.marqdown;

import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.InlineLexer;
import dev.gantry.markdown.marked.JsText;
import dev.gantry.markdown.marked.LinkDefinition;
import dev.gantry.markdown.marked.Parser;
import dev.gantry.markdown.marked.Token;
import dev.gantry.markdown.marked.TokenList;
import dev.gantry.markdown.marked.TokenType;
import java.util.List;
import java.util.Map;

/** §5.4.1: the HTML label of one choice item, from the tokens between its start and end. */
final class ChoiceLabels {
    private ChoiceLabels() {}

    static String label(List<Token> inner, Map<String, LinkDefinition> links, Budget budget) {
        boolean simple = inner.stream().allMatch(t -> t.type == TokenType.TEXT || t.type == TokenType.SPACE);
        if (simple) {
            StringBuilder out = new StringBuilder();
            for (Token t : inner) {
                if (t.type == TokenType.TEXT) {
                    out.append(InlineLexer.html(links, budget).output(t.text));
                }
            }
            return out.toString();
        }
        TokenList kept = new TokenList(links);
        for (Token t : inner) {
            if (t.type == TokenType.TEXT || t.type == TokenType.SPACE) {
                kept.add(t);
            }
        }
        return JsText.trim(Parser.parse(kept, budget));
    }
}

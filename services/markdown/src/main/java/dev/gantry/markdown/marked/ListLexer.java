package dev.gantry.markdown.marked;

import java.util.ArrayList;
import java.util.List;

/**
 * marked 0.8.0's list rule: the list block regex, the split into items (marked's {@code item}
 * regex, done here line by line), bullet removal, outdenting, the ordered/bullet backpedal,
 * looseness and task items; each item body is lexed recursively with {@code top = false}.
 */
final class ListLexer {
    private final BlockLexer lexer;
    private final BlockScanner s;

    ListLexer(BlockLexer lexer, BlockScanner s) {
        this.lexer = lexer;
        this.s = s;
    }

    /** Tries a list at {@code pos}; returns the position after it (after a backpedal, less), or -1. */
    int lex(int pos, TokenList tokens) {
        ListRule m = ListRule.match(s, pos);
        if (m == null) {
            return -1;
        }
        String cap = s.text.substring(pos, m.end);
        String bull = m.bullet;
        int end = m.end;
        int listLine = s.lineAt(pos);
        Token listStart = Token.of(TokenType.LIST_START, listLine);
        listStart.ordered = bull.length() > 1;
        listStart.start = listStart.ordered ? Integer.parseInt(bull.substring(0, bull.length() - 1)) : 0;
        tokens.add(listStart);
        List<int[]> items = items(cap);
        List<Token> itemTokens = new ArrayList<>();
        boolean next = false;
        int count = items.size();
        for (int i = 0; i < count; i++) {
            int[] span = items.get(i);
            String item = cap.substring(span[0], span[1]);
            if (i != count - 1 && backpedals(bull, cap, items.get(i + 1))) {
                end = pos + items.get(i + 1)[0];
                count = i + 1;
            }
            String body = outdent(item);
            boolean loose = next || hasInnerBlankLine(body);
            if (i != count - 1) {
                next = body.endsWith("\n");
                loose = loose || next;
            }
            if (loose) {
                listStart.loose = true;
            }
            int itemLine = listLine + newlinesBefore(cap, span[0]);
            Token t = Token.of(TokenType.LIST_ITEM_START, itemLine);
            t.task = isTask(body);
            if (t.task) {
                t.checked = body.charAt(1) != ' ';
                body = body.substring(taskPrefixLength(body));
            }
            t.loose = loose;
            itemTokens.add(t);
            tokens.add(t);
            lexer.token(body, false, itemLine);
            tokens.add(Token.of(TokenType.LIST_ITEM_END, itemLine));
        }
        if (listStart.loose) {
            itemTokens.forEach(t -> t.loose = true);
        }
        tokens.add(Token.of(TokenType.LIST_END, listLine));
        return end;
    }

    /** Spans of {@code cap.match(/^( *)(bull) ?[^\n]*(?:\n(?!\1bull ?)[^\n]*)*}/gm)}: they tile {@code cap}. */
    private static List<int[]> items(String cap) {
        List<int[]> spans = new ArrayList<>();
        int indent = 0;
        while (indent < cap.length() && cap.charAt(indent) == ' ') {
            indent++;
        }
        int start = 0;
        int lineStart = 0;
        while (true) {
            int nl = cap.indexOf('\n', lineStart);
            if (nl < 0) {
                break;
            }
            lineStart = nl + 1;
            if (startsItem(cap, lineStart, indent)) {
                spans.add(new int[] {start, nl});
                start = lineStart;
            }
        }
        spans.add(new int[] {start, cap.length()});
        return spans;
    }

    private static boolean startsItem(String cap, int p, int indent) {
        for (int k = 0; k < indent; k++) {
            if (p + k >= cap.length() || cap.charAt(p + k) != ' ') {
                return false;
            }
        }
        return bulletLength(cap, p + indent) > 0;
    }

    private static int bulletLength(String s, int p) {
        return ListRule.bulletLength(s, p);
    }

    /** An ordered list does not continue with bullet items, nor a bullet list with ordered ones. */
    private static boolean backpedals(String bull, String cap, int[] nextItem) {
        int p = nextItem[0];
        while (cap.charAt(p) == ' ') {
            p++;
        }
        int b = bulletLength(cap, p);
        return bull.length() > 1 ? b == 1 : b > 1;
    }

    /** Removes the bullet ({@code /^ *([*+-]|\d+\.) *}/) and outdents continuation lines. */
    private static String outdent(String item) {
        int p = 0;
        while (p < item.length() && item.charAt(p) == ' ') {
            p++;
        }
        if (item.charAt(p) == '*' || item.charAt(p) == '+' || item.charAt(p) == '-') {
            p++;
        } else {
            while (Character.isDigit(item.charAt(p)) && item.charAt(p) < 128) {
                p++;
            }
            p++;
        }
        while (p < item.length() && item.charAt(p) == ' ') {
            p++;
        }
        String body = item.substring(p);
        if (body.contains("\n ")) {
            body = JsText.stripLineIndent(body, 1, p);
        }
        return body;
    }

    /** {@code /\n\n(?!\s*$)/.test(item)}. */
    private static boolean hasInnerBlankLine(String item) {
        int k = item.indexOf("\n\n");
        return k >= 0 && !JsText.isBlank(item, k + 2);
    }

    private static boolean isTask(String body) {
        return body.length() >= 4
                && body.charAt(0) == '['
                && " xX".indexOf(body.charAt(1)) >= 0
                && body.charAt(2) == ']'
                && body.charAt(3) == ' ';
    }

    private static int taskPrefixLength(String body) {
        int p = 3;
        while (p < body.length() && body.charAt(p) == ' ') {
            p++;
        }
        return p;
    }

    private static int newlinesBefore(String s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}

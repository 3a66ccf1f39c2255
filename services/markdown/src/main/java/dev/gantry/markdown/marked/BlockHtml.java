package dev.gantry.markdown.marked;

import java.util.List;

/** marked 0.8.0's table rendering (the block-level renderer method with the most structure). */
final class BlockHtml {
    private BlockHtml() {}

    static String table(Token t, InlineLexer inline) {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < t.header.size(); i++) {
            header.append(cell(inline.output(t.header.get(i)), true, align(t, i)));
        }
        StringBuilder body = new StringBuilder();
        for (List<String> row : t.cells) {
            StringBuilder cells = new StringBuilder();
            for (int j = 0; j < row.size(); j++) {
                cells.append(cell(inline.output(row.get(j)), false, align(t, j)));
            }
            body.append("<tr>\n").append(cells).append("</tr>\n");
        }
        String tbody = body.isEmpty() ? "" : "<tbody>" + body + "</tbody>";
        return "<table>\n<thead>\n<tr>\n" + header + "</tr>\n</thead>\n" + tbody + "</table>\n";
    }

    private static String align(Token t, int i) {
        return i < t.align.size() ? t.align.get(i) : null;
    }

    private static String cell(String content, boolean header, String align) {
        String type = header ? "th" : "td";
        String open = align != null ? "<" + type + " align=\"" + align + "\">" : "<" + type + ">";
        return open + content + "</" + type + ">\n";
    }
}

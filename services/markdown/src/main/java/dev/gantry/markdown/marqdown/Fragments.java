package dev.gantry.markdown.marqdown;

import java.util.List;

/** The pug 2.0.4 fragments marqdown injects, byte for byte (literal {@code #{…}} attributes included). */
final class Fragments {
    static final String TEXT_INPUT = "\n<input type=\"text\" name=\"#{name}\" placeholder=\"#{placeholder}\"/>";
    static final String TEXTAREA =
            "\n<textarea class=\"span9\" name=\"#{questionNumber}\" rows=\"#{rows}\"></textarea>";
    static final String UPLOAD = "\n<input type=\"file\" name=\"#{name}\" placeholder=\"#{placeholder}\"/>";
    static final String CODE_NONE = "\n<pre><code class=\"nohighlight\">[object Object]</code></pre>";

    private Fragments() {}

    static String page(int n) {
        return "<div data-page=\"" + n + "\">";
    }

    static String question(int q, String kind) {
        return "<div data-question=\"" + q + "\" data-kind=\"" + kind + "\">";
    }

    static String choices(boolean ordered, List<String> labels) {
        String tag = ordered ? "ol" : "ul";
        String cls = ordered ? "radio" : "checkbox";
        StringBuilder out = new StringBuilder("\n<").append(tag).append('>');
        for (String label : labels) {
            out.append("\n  <li>\n    <div class=\"controls\">\n      <label class=\"")
                    .append(cls)
                    .append("\">")
                    .append(label)
                    .append("\n        <input type=\"")
                    .append(cls)
                    .append(
                            "\" name=\"#{choice.name}\" value=\"#{choice.value}\"/>\n      </label>\n    </div>\n  </li>");
        }
        return out.append("\n</").append(tag).append('>').toString();
    }

    static String table(boolean multi, List<String> header, List<List<String>> rows) {
        String type = multi ? "checkbox" : "radio";
        StringBuilder out = new StringBuilder(
                "\n<table class=\"questionTable table-bordered table-condensed\">\n  <thead>\n    <tr>");
        for (String h : header) {
            out.append("\n      <th>").append(pugEscape(h)).append("</th>");
        }
        out.append("\n    </tr>\n  </thead>\n  <tbody>");
        for (List<String> row : rows) {
            out.append("\n    <tr>");
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                if (c == 0) {
                    out.append("\n      <td>").append(pugEscape(cell)).append("</td>");
                } else if (cell.startsWith("!")) {
                    out.append("\n      <td>")
                            .append(pugEscape(cell.substring(1)))
                            .append("</td>");
                } else {
                    out.append("\n      <td>\n        <div class=\"surveycell\">\n          <label class=\"")
                            .append(type)
                            .append("\">\n            <input type=\"")
                            .append(type)
                            .append(
                                    "\" value=\"#{c}\" name=\"#{table}_#{r}\"/>\n          </label>\n        </div>\n      </td>");
                }
            }
            out.append("\n    </tr>");
        }
        return out.append("\n  </tbody>\n</table>").toString();
    }

    /** pug's escaping: {@code & < > "} (not the apostrophe). */
    static String pugEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

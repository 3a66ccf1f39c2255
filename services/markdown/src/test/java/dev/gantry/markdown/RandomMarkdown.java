package dev.gantry.markdown;

import java.util.Random;

/**
 * Seeded generator of random markdown: mixes of every block and inline construct marked knows,
 * nesting, odd whitespace (tabs, CR, trailing spaces, NBSP) and unicode (accents, astral
 * characters, U+2028), to compare the Java port with the original.
 */
final class RandomMarkdown {
    private static final String[] WORDS = {
        "alpha",
        "Beta",
        "café",
        "naïve",
        "x",
        "AT&T",
        "a_b_c",
        "snake_case",
        "foo*bar",
        "1.",
        "2)",
        "#tag",
        "Ünï",
        "日本語",
        "\uD83D\uDE00",
        "ok!",
        "what?",
        "(paren)",
        "[br]",
        "&amp;",
        "&copy;",
        "&#169;",
        "&#x41;",
        "a<b",
        "q\"uote",
        "it's",
        "--",
        "~~",
        "\\",
        "\\*",
        "\u00A0",
        "\u2028",
        "tab\tx",
        "http://example.com/a_b",
        "https://x.org/p?q=1&r=2).",
        "www.example.com.",
        "ftp://f.io/x",
        "me@mail.com",
        "a.b-c@d.co.uk",
        "|",
        "\\|",
        "{rows:3}",
        "`",
        "``",
        "***",
        "___",
        ":-:",
        "<br>",
        "<span>",
        "</span>",
        "<a href=\"x\">",
        "</a>",
        "<code>",
        "</code>",
        "<!-- c -->",
        "<kbd>k</kbd>",
        "0x1F",
        "trailing  ",
        "\u3000",
        "\u2003",
        "\uFEFF",
        "\u1680",
        "\u0085",
        "\u180E",
        "\u202F",
        "\u200B",
        "\uD800",
        "a\u2029b"
    };
    private final Random random;

    RandomMarkdown(long seed) {
        this.random = new Random(seed);
    }

    String document() {
        StringBuilder out = new StringBuilder();
        int blocks = 1 + random.nextInt(6);
        for (int i = 0; i < blocks; i++) {
            out.append(block(0));
            out.append(pick("\n", "\n", "\n\n", "\n\n", "", "\n\n\n", "\r\n", "\n \n"));
        }
        return out.toString();
    }

    private String block(int depth) {
        int kind = random.nextInt(depth > 2 ? 8 : 14);
        return switch (kind) {
            case 0, 1 -> paragraph();
            case 2 ->
                "#".repeat(1 + random.nextInt(7)) + pick(" ", "  ", "") + inline() + pick("", " #", " ##  ", "#")
                        + "\n";
            case 3 -> inline() + "\n" + pick("===", "---", "  ===  ", "-") + "\n";
            case 4 -> pick("---", "***", "___", "- - -", " * * *", "--", "----------") + "\n";
            case 5 -> fence();
            case 6 -> "    " + inline() + "\n" + pick("", "\tcode()\n", "        more\n");
            case 7 -> table();
            case 8 -> html();
            case 9 ->
                "[" + pick("id", "Foo Bar", "x") + "]: " + pick("http://a.b/c", "<u v>", "/rel")
                        + pick("", " \"T\"", " 'single'", " (paren)") + "\n";
            case 10, 11 -> list(depth);
            default -> quote(depth);
        };
    }

    private String paragraph() {
        StringBuilder p = new StringBuilder(inline());
        int lines = random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            p.append(pick("\n", "  \n", "\\\n", "\n ")).append(inline());
        }
        return p.append('\n').toString();
    }

    String inline() {
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            if (i > 0) {
                s.append(pick(" ", " ", "", "  ", "\t"));
            }
            s.append(span(0));
        }
        return s.toString();
    }

    private String span(int depth) {
        if (depth > 2) {
            return word();
        }
        return switch (random.nextInt(16)) {
            case 0 -> "*" + span(depth + 1) + "*";
            case 1 -> "**" + span(depth + 1) + pick("**", "*", "");
            case 2 -> "_" + span(depth + 1) + pick("_", "__", "_x");
            case 3 -> "`" + word() + pick("`", "``", " `");
            case 4 ->
                "[" + span(depth + 1) + "]("
                        + pick("http://x.y/z", "/a(b)c", "<sp ace>", "javascript:alert(1)", "u \"t\"", "") + ")";
            case 5 -> "![" + word() + "](" + pick("img.png", "a b.png", "x.png 'T'") + ")";
            case 6 -> "[" + word() + "]" + pick("[id]", "[]", "", "[Foo  bar]");
            case 7 -> "<" + pick("http://auto.link/x", "me@x.org", "not a link", "b>bold</b") + ">";
            case 8 -> "~~" + span(depth + 1) + pick("~~", "~");
            case 9 -> "\\" + pick("*", "_", "~", "<", "[", "#", "a", "\\");
            default -> word();
        };
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private String fence() {
        String f = pick("```", "~~~", "````");
        return f + pick("", "js", " none", "none", "java extra", "a&b") + "\n" + inline() + "\n"
                + pick(f, f + "`", "", "~~~") + "\n";
    }

    private String table() {
        int cols = 1 + random.nextInt(4);
        boolean pipes = random.nextBoolean();
        StringBuilder t = new StringBuilder(row(cols, pipes));
        StringBuilder delim = new StringBuilder(pipes ? "|" : "");
        for (int c = 0; c < cols; c++) {
            delim.append(pick("---", ":--", "--:", ":-:", " --- ")).append(c < cols - 1 || pipes ? "|" : "");
        }
        t.append(delim).append(pick("", " ")).append('\n');
        int rows = random.nextInt(4);
        for (int r = 0; r < rows; r++) {
            t.append(row(cols + random.nextInt(3) - 1, pipes));
        }
        return t.toString();
    }

    private String row(int cols, boolean pipes) {
        StringBuilder r = new StringBuilder(pipes ? "| " : "");
        for (int c = 0; c < Math.max(1, cols); c++) {
            r.append(pick(word(), span(1), "[]", "[ ]", "!N/A", "", "a \\| b"))
                    .append(c < cols - 1 || pipes ? " | " : "");
        }
        return r.append('\n').toString();
    }

    private String html() {
        return pick(
                "<div>\n" + inline() + "\n</div>\n",
                "<script>alert(1)</script>\n",
                "<!-- comment -->\n",
                "<p class=\"x\">" + word() + "</p>\n",
                "<custom-tag a=\"1\">\n" + word() + "\n\n",
                "<?php x ?>\n",
                "<![CDATA[ x ]]>\n",
                "<img src=x onerror=alert(1)>\n",
                "</section>\n");
    }

    private String list(int depth) {
        boolean ordered = random.nextBoolean();
        int items = 1 + random.nextInt(4);
        String indent = " ".repeat(random.nextInt(3));
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < items; i++) {
            String bullet = ordered ? (1 + i + random.nextInt(2)) + "." : pick("*", "-", "+");
            l.append(indent)
                    .append(bullet)
                    .append(pick(" ", "  ", " [ ] ", " [x] ", "     "))
                    .append(inline())
                    .append('\n');
            int extra = random.nextInt(5);
            if (extra == 0) {
                l.append(indent).append("  ").append(inline()).append('\n');
            } else if (extra == 1) {
                l.append('\n')
                        .append(indent)
                        .append("    ")
                        .append(block(depth + 1).replace("\n", "\n    " + indent))
                        .append('\n');
            } else if (extra == 2) {
                l.append(pick("\n", ""));
            }
        }
        return l.toString();
    }

    private String quote(int depth) {
        String inner = block(depth + 1) + pick("", "\n" + block(depth + 1));
        StringBuilder q = new StringBuilder();
        for (String line : inner.split("\n", -1)) {
            q.append(pick("> ", ">", " > ", "")).append(line).append('\n');
        }
        return q.toString();
    }

    String json5() {
        return pick("", " ", "/* c */") + value(0) + pick("", " ", " // end", "\n", "x", ",");
    }

    private String value(int depth) {
        int k = random.nextInt(depth > 2 ? 6 : 9);
        return switch (k) {
            case 0 ->
                pick(
                        "0",
                        "-0",
                        "1.5",
                        ".5",
                        "5.",
                        "+1",
                        "0x1F",
                        "-0x1f",
                        "1e3",
                        "1E-2",
                        "07",
                        "1e999",
                        "Infinity",
                        "-Infinity",
                        "NaN",
                        "-",
                        "+",
                        ".",
                        "0x",
                        "1e",
                        "00");
            case 1 ->
                pick(
                        "'a\\'b'",
                        "\"q\\\"\"",
                        "'\\u0041\\u00e9'",
                        "'\\u12'",
                        "'bad\\x'",
                        "'line\\\ncont'",
                        "\"tab\\t\"",
                        "'unterminated",
                        "\"\\/\"",
                        "'日本'");
            case 2 -> pick("true", "false", "null", "tru", "nul", "undefined");
            case 3, 4, 5 -> pick("1", "'s'", "[]", "{}");
            case 6 -> "[" + elements(depth) + pick("]", ",]", "");
            default -> "{" + members(depth) + pick("}", ",}", "", " }");
        };
    }

    private String elements(int depth) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? pick(",", " , ", ",,") : "").append(value(depth + 1));
        }
        return b.toString();
    }

    private String members(int depth) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? pick(",", " ,\n", ";") : "")
                    .append(pick(
                            "rows",
                            "upload",
                            "'quoted key'",
                            "\"dq\"",
                            "__proto__",
                            "$d",
                            "_u",
                            "9bad",
                            "a-b",
                            "NumberQuestions"))
                    .append(pick(":", " : ", "=", ""))
                    .append(value(depth + 1));
        }
        return b.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}

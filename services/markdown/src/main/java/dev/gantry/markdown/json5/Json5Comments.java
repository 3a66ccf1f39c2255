package dev.gantry.markdown.json5;

/** json5 0.5.1's {@code comment}, {@code inlineComment} and {@code blockComment}. */
final class Json5Comments {
    private Json5Comments() {}

    static void skip(Json5Parser p) {
        if (p.ch() != '/') {
            throw p.error("Not a comment");
        }
        p.next('/');
        if (p.ch() == '/') {
            inline(p);
        } else if (p.ch() == '*') {
            block(p);
        } else {
            throw p.error("Unrecognized comment");
        }
    }

    private static void inline(Json5Parser p) {
        do {
            p.next();
            if (p.ch() == '\n' || p.ch() == '\r') {
                p.next();
                return;
            }
        } while (p.ch() != -1);
    }

    private static void block(Json5Parser p) {
        do {
            p.next();
            while (p.ch() == '*') {
                p.next('*');
                if (p.ch() == '/') {
                    p.next('/');
                    return;
                }
            }
        } while (p.ch() != -1);
        throw p.error("Unterminated block comment");
    }
}

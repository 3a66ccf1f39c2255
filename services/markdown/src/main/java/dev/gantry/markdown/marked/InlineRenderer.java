package dev.gantry.markdown.marked;

/** The span-level half of marked's renderer: HTML output or, for heading ids, text only. */
interface InlineRenderer {
    String strong(String text);

    String em(String text);

    String codespan(String text);

    String br();

    String del(String text);

    String link(String href, String title, String text);

    String image(String href, String title, String text);

    /** Renders link {@code href}s the way marked's {@code cleanUrl} does; null when the URL is unusable. */
    static String cleanUrl(String href) {
        return Html.encodeUri(href);
    }
}

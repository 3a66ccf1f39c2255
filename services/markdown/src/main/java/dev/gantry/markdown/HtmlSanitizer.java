package dev.gantry.markdown;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Cleaner;

/**
 * Safe mode: parses the rendered HTML as a browser would (jsoup's HTML5 tree builder), keeps only
 * what {@link HtmlAllowList} allows and serializes the result, with text and attribute values
 * escaped. The output is a different string from the input even when nothing was dropped.
 */
final class HtmlSanitizer {
    private static final Cleaner CLEANER = new Cleaner(HtmlAllowList.surveys());

    private HtmlSanitizer() {}

    static String sanitize(String html) {
        Document clean = CLEANER.clean(Jsoup.parseBodyFragment(html));
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }
}

package dev.gantry.markdown.marked;

/** marked 0.8.0's {@code TextRenderer}: keeps only the text (used to compute heading ids). */
final class TextInlineRenderer implements InlineRenderer {
    @Override
    public String strong(String text) {
        return text;
    }

    @Override
    public String em(String text) {
        return text;
    }

    @Override
    public String codespan(String text) {
        return text;
    }

    @Override
    public String br() {
        return "";
    }

    @Override
    public String del(String text) {
        return text;
    }

    @Override
    public String link(String href, String title, String text) {
        return text;
    }

    @Override
    public String image(String href, String title, String text) {
        return text;
    }
}

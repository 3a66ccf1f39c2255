package dev.gantry.markdown.marked;

/** marked 0.8.0's default {@code Renderer}, span-level methods (xhtml off, no baseUrl, no sanitize). */
final class HtmlInlineRenderer implements InlineRenderer {
    @Override
    public String strong(String text) {
        return "<strong>" + text + "</strong>";
    }

    @Override
    public String em(String text) {
        return "<em>" + text + "</em>";
    }

    @Override
    public String codespan(String text) {
        return "<code>" + text + "</code>";
    }

    @Override
    public String br() {
        return "<br>";
    }

    @Override
    public String del(String text) {
        return "<del>" + text + "</del>";
    }

    @Override
    public String link(String href, String title, String text) {
        String url = InlineRenderer.cleanUrl(href);
        if (url == null) {
            return text;
        }
        StringBuilder out =
                new StringBuilder("<a href=\"").append(Html.escapeText(url)).append('"');
        if (title != null && !title.isEmpty()) {
            out.append(" title=\"").append(title).append('"');
        }
        return out.append('>').append(text).append("</a>").toString();
    }

    @Override
    public String image(String href, String title, String text) {
        String url = InlineRenderer.cleanUrl(href);
        if (url == null) {
            return text;
        }
        StringBuilder out = new StringBuilder("<img src=\"")
                .append(url)
                .append("\" alt=\"")
                .append(text)
                .append('"');
        if (title != null && !title.isEmpty()) {
            out.append(" title=\"").append(title).append('"');
        }
        return out.append('>').toString();
    }
}

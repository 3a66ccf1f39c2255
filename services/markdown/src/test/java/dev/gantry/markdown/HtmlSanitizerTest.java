package dev.gantry.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlSanitizerTest {
    @Test
    void scriptElementsAreRemovedWithTheirContent() {
        assertThat(HtmlSanitizer.sanitize("<p>a</p>\n<script>alert(1)</script>\n<p>b</p>"))
                .isEqualTo("<p>a</p>\n\n<p>b</p>");
    }

    @Test
    void eventHandlersAndAttributesOutsideTheAllowListAreDropped() {
        assertThat(HtmlSanitizer.sanitize("<img src=x onerror=alert(1) alt=\"y\">"))
                .isEqualTo("<img src=\"x\" alt=\"y\">");
        assertThat(HtmlSanitizer.sanitize("<div ONCLICK='x()' class=\"c\" style=\"color:red\">d</div>"))
                .isEqualTo("<div>d</div>");
    }

    @Test
    void elementsOutsideTheAllowListAreDroppedButTheirTextIsKept() {
        assertThat(HtmlSanitizer.sanitize(
                        "<form action=\"https://evil.example\"><button formaction=x>go</button></form>"))
                .isEqualTo("go");
        assertThat(HtmlSanitizer.sanitize("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>"))
                .isEmpty();
        assertThat(HtmlSanitizer.sanitize(
                        "<style>@import 'x.css';</style><svg><animate values=\"javascript:1\"/></svg>"))
                .isEmpty();
    }

    @Test
    void scriptUrlsAreDroppedEvenWhenObfuscatedWithEntitiesCaseOrControlCharacters() {
        assertThat(HtmlSanitizer.sanitize("<a href=\"javascript:alert(1)\">x</a>"))
                .isEqualTo("<a>x</a>");
        assertThat(HtmlSanitizer.sanitize("<a href=\"JaVa&#x09;script&colon;alert(1)\">x</a>"))
                .isEqualTo("<a>x</a>");
        assertThat(HtmlSanitizer.sanitize("<a href=\"&#x01; java script:alert(1)\">x</a>"))
                .isEqualTo("<a>x</a>");
        assertThat(HtmlSanitizer.sanitize("<img src=\"data:image/png;base64,AAAA\">"))
                .isEqualTo("<img>");
    }

    @Test
    void httpMailtoAndRelativeUrlsAreKept() {
        String links = "<a href=\"https://ok.example/a?b=1&amp;c=2\">x</a><a href=\"mailto:a@b.example\">m</a>"
                + "<a href=\"#q\">q</a><a href=\"../x:y\">r</a><img src=\"/i.png\" alt=\"a\" title=\"t\">";
        assertThat(HtmlSanitizer.sanitize(links)).isEqualTo(links);
    }

    @Test
    void surveyWidgetsKeepTheirAttributes() {
        String fragment =
                "<div data-question=\"1\" data-kind=\"multichoice\"><div class=\"controls\"><label class=\"checkbox\">A"
                        + "<input type=\"checkbox\" name=\"#{choice.name}\" value=\"#{choice.value}\"></label></div>"
                        + "<textarea class=\"span9\" name=\"#{questionNumber}\" rows=\"#{rows}\"></textarea></div>";
        assertThat(HtmlSanitizer.sanitize(fragment)).isEqualTo(fragment);
    }

    @Test
    void attributeValuesOutsideWhatMarqdownEmitsAreDropped() {
        assertThat(HtmlSanitizer.sanitize("<input type=\"image\" src=\"x\" name=\"action\" value=\"v\">"))
                .isEqualTo("<input value=\"v\">");
        assertThat(HtmlSanitizer.sanitize("<div class=\"modal\" data-kind=\"evil\" data-page=\"x1\">d</div>"))
                .isEqualTo("<div>d</div>");
        assertThat(HtmlSanitizer.sanitize("<code class=\"language-js\">x</code><code class=\"a b\">y</code>"))
                .isEqualTo("<code class=\"language-js\">x</code><code>y</code>");
    }
}

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
    void eventHandlerAttributesAreDroppedAndOtherAttributesKept() {
        assertThat(HtmlSanitizer.sanitize("<img src=x onerror=alert(1) alt=\"y\">")).isEqualTo("<img src=x alt=\"y\">");
        assertThat(HtmlSanitizer.sanitize("<div ONCLICK='x()' class=\"c\">")).isEqualTo("<div class=\"c\">");
    }

    @Test
    void javascriptUrlsAreDroppedEvenWhenObfuscatedWithEntitiesOrCase() {
        assertThat(HtmlSanitizer.sanitize("<a href=\"javascript:alert(1)\">x</a>")).isEqualTo("<a>x</a>");
        assertThat(HtmlSanitizer.sanitize("<a href=\"JaVa&#x09;script&colon;alert(1)\">x</a>")).isEqualTo("<a>x</a>");
        assertThat(HtmlSanitizer.sanitize("<a href=\"https://ok.example\">x</a>")).isEqualTo("<a href=\"https://ok.example\">x</a>");
    }

    @Test
    void surveyMarkupPassesThroughUnchanged() {
        String fragment = "<input type=\"radio\" name=\"#{choice.name}\" value=\"#{choice.value}\"/>";
        assertThat(HtmlSanitizer.sanitize(fragment)).isEqualTo(fragment);
    }
}

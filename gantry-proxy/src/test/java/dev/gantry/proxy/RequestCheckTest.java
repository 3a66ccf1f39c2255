package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class RequestCheckTest {
    private static HttpRequest request(HttpVersion version, String method, String uri, String... headers) {
        HttpRequest r = new DefaultHttpRequest(version, HttpMethod.valueOf(method), uri);
        for (int i = 0; i < headers.length; i += 2) r.headers().add(headers[i], headers[i + 1]);
        return r;
    }

    private static int status(HttpRequest r) {
        RequestCheck.Rejection rejection = RequestCheck.prepare(r);
        return rejection == null ? 0 : rejection.status().code();
    }

    @Test
    void anOrdinaryRequestPasses() {
        assertThat(RequestCheck.prepare(request(HttpVersion.HTTP_1_1, "GET", "/x?y=1", "Host", "shop.localhost")))
                .isNull();
    }

    @Test
    void hostRulesOfRfc9112() {
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "/"))).isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "/", "Host", "a.localhost", "Host", "b.localhost")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "/", "Host", "a@b.localhost")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "/", "Host", "")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_0, "GET", "/"))).isZero();
        assertThat(status(request(HttpVersion.HTTP_1_0, "GET", "/", "Host", "a", "Host", "b")))
                .isEqualTo(400);
    }

    @Test
    void anAbsoluteFormTargetDecidesTheHostAndBecomesOriginForm() {
        HttpRequest r =
                request(HttpVersion.HTTP_1_1, "GET", "http://Shop.localhost:8080/a/b?c=d", "Host", "other.localhost");
        assertThat(RequestCheck.prepare(r)).isNull();
        assertThat(r.uri()).isEqualTo("/a/b?c=d");
        assertThat(r.headers().getAll("Host")).containsExactly("Shop.localhost:8080");
        HttpRequest bare = request(HttpVersion.HTTP_1_1, "GET", "https://shop.localhost?q", "Host", "shop.localhost");
        assertThat(RequestCheck.prepare(bare)).isNull();
        assertThat(bare.uri()).isEqualTo("/?q");
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "http://u@shop.localhost/", "Host", "x")))
                .isEqualTo(400);
    }

    @Test
    void targetsOtherThanOriginAndAbsoluteFormAreRefused() {
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "*", "Host", "a")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "OPTIONS", "*", "Host", "a")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "x/y", "Host", "a")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "/a#frag", "Host", "a")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "GET", "ftp://a/", "Host", "a")))
                .isEqualTo(400);
        assertThat(status(request(HttpVersion.HTTP_1_1, "CONNECT", "a:443", "Host", "a")))
                .isEqualTo(405);
    }

    @Test
    void framingFieldsNamedByConnectionAreRefused() {
        for (String field : new String[] {"Content-Length", "transfer-encoding", "HOST"}) {
            HttpRequest r = request(
                    HttpVersion.HTTP_1_1,
                    "POST",
                    "/",
                    "Host",
                    "a",
                    "Connection",
                    "keep-alive",
                    "Connection",
                    "x, " + field);
            RequestCheck.Rejection rejection = RequestCheck.prepare(r);
            assertThat(rejection.status().code()).isEqualTo(400);
            assertThat(rejection.message()).contains(field);
        }
    }

    @Test
    void onlyTheChunkedCodingIsAccepted() {
        assertThat(status(request(HttpVersion.HTTP_1_1, "POST", "/", "Host", "a", "Transfer-Encoding", "CHUNKED")))
                .isZero();
        assertThat(status(
                        request(HttpVersion.HTTP_1_1, "POST", "/", "Host", "a", "Transfer-Encoding", "gzip, chunked")))
                .isEqualTo(501);
        assertThat(status(request(
                        HttpVersion.HTTP_1_1,
                        "POST",
                        "/",
                        "Host",
                        "a",
                        "Transfer-Encoding",
                        "chunked",
                        "Transfer-Encoding",
                        "chunked")))
                .isEqualTo(501);
    }

    @Test
    void expectationsOtherThan100ContinueGet417() {
        assertThat(status(request(HttpVersion.HTTP_1_1, "POST", "/", "Host", "a", "Expect", "100-Continue")))
                .isZero();
        assertThat(status(request(HttpVersion.HTTP_1_1, "POST", "/", "Host", "a", "Expect", "something-else")))
                .isEqualTo(417);
        assertThat(status(request(HttpVersion.HTTP_1_0, "POST", "/", "Expect", "something-else")))
                .isZero();
    }

    @Test
    void versionsOtherThan10And11Get505() {
        assertThat(status(request(HttpVersion.valueOf("HTTP/1.2"), "GET", "/", "Host", "a")))
                .isEqualTo(505);
        assertThat(status(request(HttpVersion.valueOf("HTTP/2.0"), "GET", "/", "Host", "a")))
                .isEqualTo(505);
    }
}

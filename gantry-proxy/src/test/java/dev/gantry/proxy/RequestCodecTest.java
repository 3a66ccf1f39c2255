package dev.gantry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestCodecTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new RequestCodec(new HttpDecoderConfig()));

    private HttpRequest feed(String... parts) {
        for (String p : parts) ch.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        Object first = ch.readInbound();
        Object rest;
        while ((rest = ch.readInbound()) != null) ReferenceCountUtil.release(rest);
        return (HttpRequest) first;
    }

    @Test
    void anOrdinaryRequestDecodes() {
        HttpRequest r = feed("GET /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\r\n");
        assertThat(r.decoderResult().isSuccess()).isTrue();
        assertThat(r.headers().get("X-A")).isEqualTo("1");
    }

    @Test
    void aFoldedLineIsRefusedInOneReadOrSplitAcrossReads() {
        assertThat(feed("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n Content-Length: 5\r\n\r\n")
                        .decoderResult()
                        .isFailure())
                .isTrue();
        EmbeddedChannel split = new EmbeddedChannel(new RequestCodec(new HttpDecoderConfig()));
        split.writeInbound(
                Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n", StandardCharsets.ISO_8859_1));
        assertThat((Object) split.readInbound()).isNull();
        split.writeInbound(Unpooled.copiedBuffer("\tContent-Length: 5\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpRequest r = split.readInbound();
        assertThat(r.decoderResult().cause()).hasMessageContaining("obsolete line folding");
    }

    @Test
    void whitespaceBeforeTheFirstFieldIsRefused() {
        assertThat(feed("GET / HTTP/1.1\r\n Host: a\r\n\r\n").decoderResult().isFailure())
                .isTrue();
    }

    @Test
    void spacesInsideABodyAreNotFolding() {
        HttpRequest r = feed(
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\n\n  x\n\t y",
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.decoderResult().isSuccess()).isTrue();
    }

    @Test
    void emptyLinesBeforeTheRequestLineAreSkippedButFoldingAfterThemIsStillSeen() {
        assertThat(feed("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
                        .decoderResult()
                        .isSuccess())
                .isTrue();
        EmbeddedChannel other = new EmbeddedChannel(new RequestCodec(new HttpDecoderConfig()));
        other.writeInbound(Unpooled.copiedBuffer(
                "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", StandardCharsets.ISO_8859_1));
        assertThat(((HttpRequest) other.readInbound()).decoderResult().isFailure())
                .isTrue();
    }

    @Test
    void theVersionIsCaseSensitive() {
        assertThat(feed("GET / http/1.1\r\nHost: a\r\n\r\n").decoderResult().isFailure())
                .isTrue();
        EmbeddedChannel other = new EmbeddedChannel(new RequestCodec(new HttpDecoderConfig()));
        other.writeInbound(Unpooled.copiedBuffer("GET / HTTP/2.0\r\nHost: a\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpRequest r = other.readInbound();
        assertThat(r.decoderResult().isSuccess()).isTrue();
        assertThat(r.protocolVersion().majorVersion()).isEqualTo(2);
    }

    @Test
    void aResponseToHeadIsWrittenWithoutABody() {
        feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        DefaultFullHttpResponse head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        ch.writeOutbound(head);
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            out.append(((io.netty.buffer.ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(o);
        }
        assertThat(out.toString()).endsWith("\r\n\r\n").doesNotContain("0\r\n\r\n");
    }
}

package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of a new client connection. Plain: connection limits, the HTTP/1.1 codec, the
 * frontend. TLS: connection limits, then SNI picks the certificate, the handshake runs (under the
 * header timeout), and ALPN chooses HTTP/2 or HTTP/1.1.
 */
final class ClientPipelines {
    private static final Logger log = LoggerFactory.getLogger(ClientPipelines.class);
    private static final int MAX_CLIENT_HELLO_BYTES = 16 * 1024;

    private ClientPipelines() {}

    static ChannelInitializer<Channel> plain(ProxyContext proxy, HttpDecoderConfig decoder) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast(proxy.limits(), new RequestCodec(decoder), new FrontendHandler(proxy, "http", false));
            }
        };
    }

    static ChannelInitializer<Channel> tls(
            ProxyContext proxy, HttpDecoderConfig decoder, CertificateStore certificates) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast(
                                proxy.limits(),
                                new SniHandler(
                                        certificates.mapping(),
                                        MAX_CLIENT_HELLO_BYTES,
                                        proxy.config().headerTimeout().toMillis()),
                                new ProtocolChoice(proxy, decoder));
            }
        };
    }

    /** After the handshake: the protocol the client and the router agreed on. */
    private static final class ProtocolChoice extends ApplicationProtocolNegotiationHandler {
        private final ProxyContext proxy;
        private final HttpDecoderConfig decoder;

        ProtocolChoice(ProxyContext proxy, HttpDecoderConfig decoder) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.proxy = proxy;
            this.decoder = decoder;
        }

        /** Connections read with AUTO_READ off: the first read fetches the client hello. */
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            super.channelActive(ctx);
            ctx.read();
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                Http2Frontend.configure(ctx.pipeline(), proxy);
            } else {
                ctx.pipeline().addLast(new RequestCodec(decoder), new FrontendHandler(proxy, "https", true));
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            proxy.stats().tlsHandshakeFailures.increment();
            log.debug("TLS handshake failed remote={} error={}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            proxy.stats().tlsHandshakeFailures.increment();
            log.debug("TLS connection failed remote={} error={}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}

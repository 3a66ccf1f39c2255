package dev.gantry.proxy;

import dev.gantry.api.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;

/** Opens backend connections on the caller's event loop, with AUTO_READ off. */
final class BackendConnector {
    private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final Transport transport;
    private final int connectTimeoutMillis;

    BackendConnector(Transport transport, int connectTimeoutMillis) {
        this.transport = transport;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    ChannelFuture connect(EventLoop loop, Upstream upstream) {
        Backend b = upstream.backend();
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HttpDecoderConfig config = new HttpDecoderConfig()
                                .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)
                                .setMaxChunkSize(MAX_CHUNK_BYTES);
                        ch.pipeline()
                                .addLast(new HttpClientCodec(config, false, false), new BackendHandler(upstream.pool));
                    }
                })
                .connect(b.host(), b.port());
    }
}

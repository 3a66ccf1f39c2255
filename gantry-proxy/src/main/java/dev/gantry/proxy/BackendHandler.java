package dev.gantry.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * Last stage of a backend connection: hands response parts to the exchange it serves. A
 * connection without an exchange sits idle in its pool; anything it receives then is a protocol
 * error and closes it.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final ConnectionPool pool;
  private Exchange exchange;

  BackendHandler(ConnectionPool pool) {
    this.pool = pool;
  }

  void bind(Exchange e) {
    this.exchange = e;
  }

  void unbind() {
    this.exchange = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    exchange.onResponsePart((HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.onBackendReadComplete();
    } else {
      ctx.read();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    exchange = null;
    if (e != null) {
      e.onBackendFailed(ctx.channel(), null);
    } else {
      pool.remove(ctx.channel());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange e = exchange;
    exchange = null;
    if (e != null) e.onBackendFailed(ctx.channel(), cause);
    ctx.close();
  }
}

package dev.gantry.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.socket.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Client side of the proxy, one per client connection. Reads with AUTO_READ off: the next read
 * happens only when the backend took the last chunk, or when the response has been written.
 * Requests are served one at a time; pipelined ones wait in order.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
  private static final long LINGER_MILLIS = 2000;
  private static final int MAX_WAITING = 16;
  private final Runnable readMore = this::read;
  private String clientIp;
  private final RouterConfig config;
  private final LiveTable table;
  private final LoadBalancer balancer;
  private final OwnPaths ownPaths;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private Exchange exchange;
  private boolean closing;

  FrontendHandler(RouterConfig config, LiveTable table, LoadBalancer balancer, OwnPaths ownPaths) {
    this.config = config;
    this.table = table;
    this.balancer = balancer;
    this.ownPaths = ownPaths;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    clientIp = ForwardedHeaders.ip(ctx.channel().remoteAddress());
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
    } else if (exchange != null && exchange.requestComplete() || !waiting.isEmpty()) {
      waiting.add(msg);
    } else {
      handle(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    requestMore();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (exchange != null) exchange.abort();
    exchange = null;
    releaseWaiting();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** Called by the exchange when its response has been handed to the client channel. */
  void onExchangeDone(boolean keepAlive) {
    exchange = null;
    if (!keepAlive) {
      closing = true;
      releaseWaiting();
      return;
    }
    while (!closing && !waiting.isEmpty() && (exchange == null || !exchange.requestComplete())) {
      handle(waiting.poll());
    }
    requestMore();
  }

  private void releaseWaiting() {
    Object msg;
    while ((msg = waiting.poll()) != null) ReferenceCountUtil.release(msg);
  }

  /**
   * Asks for more input when it can be taken: at once when idle or waiting for a response (a
   * pending read also notices a client that hangs up; pipelined requests queue, at most
   * {@link #MAX_WAITING} parts), and only after the backend took the last chunk while a body streams.
   */
  private void requestMore() {
    if (closing) return;
    if (exchange == null) {
      ctx.read();
    } else if (!exchange.requestComplete()) {
      exchange.flushRequest(readMore);
    } else if (waiting.size() < MAX_WAITING) {
      ctx.read();
    }
  }

  private void read() {
    ctx.read();
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest request) {
      onRequest(request);
    } else if (msg instanceof HttpContent content) {
      onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      ReferenceCountUtil.release(request);
      reject(statusFor(result.cause()), "bad request: " + result.cause().getMessage());
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    FullHttpResponse own = ownPaths.answer(ctx.alloc(), request, keepAlive);
    if (own != null) {
      ReferenceCountUtil.release(request);
      respondLocally(own, keepAlive);
      return;
    }
    if (HttpUtil.getContentLength(request, -1L) > config.maxBodyBytes()) {
      reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body over " + config.maxBodyBytes() + " bytes");
      return;
    }
    String host = request.headers().get(HttpHeaderNames.HOST);
    RouteEntry route = table.index().find(host, request.uri());
    if (route == null) {
      respondLocally(LocalResponses.text(ctx.alloc(), HttpResponseStatus.NOT_FOUND,
          "no route for host " + (host == null ? "(none)" : RouteIndex.normalizeHost(host)) + " and path " + pathOf(request.uri()), keepAlive), keepAlive);
      return;
    }
    ForwardedHeaders.apply(request, clientIp);
    exchange = new Exchange(this, ctx.channel(), route, balancer, config.responseTimeout().toNanos(), request, keepAlive);
    exchange.start();
  }

  private void onContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      abortExchange(HttpResponseStatus.BAD_REQUEST, "bad request: " + content.decoderResult().cause().getMessage());
      return;
    }
    if (exchange == null) {
      content.release();
      return;
    }
    if (exchange.bodyBytes() + content.content().readableBytes() > config.maxBodyBytes()) {
      content.release();
      abortExchange(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body over " + config.maxBodyBytes() + " bytes");
      return;
    }
    exchange.onRequestContent(content);
  }

  private void abortExchange(HttpResponseStatus status, String message) {
    Exchange e = exchange;
    exchange = null;
    if (e != null && e.responseStarted()) {
      e.abort();
      closing = true;
      ctx.close();
      return;
    }
    if (e != null) e.abort();
    reject(status, message);
  }

  /** Error for a request whose framing cannot be trusted: answer, then close. */
  private void reject(HttpResponseStatus status, String message) {
    closing = true;
    releaseWaiting();
    ctx.writeAndFlush(LocalResponses.text(ctx.alloc(), status, message, false)).addListener((ChannelFutureListener) this::lingerThenClose);
  }

  /**
   * Closing at once while the client is still sending would make the kernel reset the connection
   * and could destroy the error response in flight; so half-close, drain input briefly, then close.
   */
  private void lingerThenClose(ChannelFuture written) {
    Channel ch = written.channel();
    if (!written.isSuccess() || !(ch instanceof SocketChannel socket)) {
      ch.close();
      return;
    }
    socket.shutdownOutput();
    ch.config().setAutoRead(true);
    ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void respondLocally(FullHttpResponse response, boolean keepAlive) {
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      closing = true;
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static HttpResponseStatus statusFor(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    if (cause instanceof TooLongHttpLineException) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    if (cause instanceof TooLongFrameException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    return HttpResponseStatus.BAD_REQUEST;
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}

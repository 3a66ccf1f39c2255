package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Rewrites a client request for the backend: hop-by-hop headers out, X-Forwarded-* and X-Request-Id in. */
final class ForwardedHeaders {
  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ForwardedHeaders() {}

  static String ip(SocketAddress client) {
    return client instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : String.valueOf(client);
  }

  static void apply(HttpRequest request, String ip) {
    HttpHeaders h = request.headers();
    HopByHopHeaders.strip(h);
    String prior = h.get(X_FORWARDED_FOR);
    h.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? ip : prior + ", " + ip);
    h.set(X_FORWARDED_PROTO, HTTP);
    String host = h.get(HttpHeaderNames.HOST);
    if (host != null && !h.contains(X_FORWARDED_HOST)) h.set(X_FORWARDED_HOST, host);
    if (!h.contains(X_REQUEST_ID)) h.set(X_REQUEST_ID, newRequestId());
  }

  /** 128 random bits as 32 hex digits; ThreadLocalRandom keeps this off any shared lock. */
  static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] out = new char[32];
    long hi = r.nextLong();
    long lo = r.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
      out[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
    }
    return new String(out);
  }
}

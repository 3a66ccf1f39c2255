package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Headers that describe one connection, not the message (RFC 9110 section 7.6.1). They are
 * removed in both directions; Netty re-frames bodies, so chunked transfer coding is re-added
 * by the caller where a body has no length.
 */
final class HopByHopHeaders {
  private static final AsciiString[] NAMES = {
    HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE,
    HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
    HttpHeaderNames.UPGRADE, AsciiString.cached("proxy-connection")
  };

  private HopByHopHeaders() {}

  /** Removes hop-by-hop headers; returns whether the message was chunked. */
  static boolean strip(HttpHeaders headers) {
    String connection = headers.get(HttpHeaderNames.CONNECTION);
    if (connection != null) removeListed(headers, connection);
    for (AsciiString name : NAMES) headers.remove(name);
    boolean chunked = headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, "chunked", true);
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
      if (chunked) headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    }
    return chunked;
  }

  private static void removeListed(HttpHeaders headers, String connection) {
    for (String token : connection.split(",")) {
      String name = token.trim();
      if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive")) {
        headers.remove(name);
      }
    }
  }
}

package dev.gantry.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The forwarding headers a backend reads: {@code X-Forwarded-For/Proto/Host}, {@code X-Request-Id}
 * and the standard {@code Forwarded} (RFC 7239). They are the router's own: a client's values are
 * kept (and {@code X-Forwarded-For} / {@code Forwarded} appended to) only when the client is a
 * trusted proxy; from anyone else they are removed and set fresh.
 */
final class ForwardedHeaders {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    /** Spoofable by a client and set by no one here: removed from untrusted clients' requests. */
    private static final AsciiString[] UNTRUSTED_ONLY = {
        AsciiString.cached("x-forwarded-port"), AsciiString.cached("x-forwarded-prefix"),
        AsciiString.cached("x-forwarded-server"), AsciiString.cached("x-real-ip")
    };

    private static final int MAX_REQUEST_ID = 200;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ForwardedHeaders() {}

    /** Who is on the other end of a client connection, computed once per connection. */
    record Client(String ip, String forwardedFor, boolean trusted) {
        static Client of(SocketAddress remote, TrustedProxies trustedProxies) {
            if (!(remote instanceof InetSocketAddress a) || a.getAddress() == null) {
                return new Client(String.valueOf(remote), "unknown", false);
            }
            InetAddress address = a.getAddress();
            String ip = address.getHostAddress();
            int zone = ip.indexOf('%');
            if (zone >= 0) ip = ip.substring(0, zone);
            String node = address instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
            return new Client(ip, node, trustedProxies.contains(address));
        }
    }

    /**
     * Sets the forwarding headers of a request about to go to a backend.
     *
     * @param proto "http" or "https": how the client reached the router
     * @param host  the request's Host value as the client sent it
     */
    static void apply(HttpRequest request, Client client, String proto, String host) {
        HttpHeaders h = request.headers();
        if (client.trusted()) {
            appendTrusted(h, client, proto, host);
        } else {
            for (AsciiString name : UNTRUSTED_ONLY) h.remove(name);
            h.set(X_FORWARDED_FOR, client.ip());
            h.set(X_FORWARDED_PROTO, proto);
            setOrRemove(h, X_FORWARDED_HOST, host);
            h.set(X_REQUEST_ID, newRequestId());
            h.set(FORWARDED, element(client, proto, host));
        }
    }

    /**
     * Whether the client reached us over TLS, after {@link #apply}: our own TLS port, or a trusted proxy's, which
     * says so in the X-Forwarded-Proto it sent (first value); an untrusted client's value was replaced by ours.
     */
    static boolean secure(HttpRequest request) {
        String proto = request.headers().get(X_FORWARDED_PROTO);
        if (proto == null) return false;
        int comma = proto.indexOf(',');
        return (comma < 0 ? proto : proto.substring(0, comma)).strip().equalsIgnoreCase("https");
    }

    private static void appendTrusted(HttpHeaders h, Client client, String proto, String host) {
        String priorFor = joined(h, X_FORWARDED_FOR);
        h.set(X_FORWARDED_FOR, priorFor == null ? client.ip() : priorFor + ", " + client.ip());
        if (!h.contains(X_FORWARDED_PROTO)) h.set(X_FORWARDED_PROTO, proto);
        if (!h.contains(X_FORWARDED_HOST) && host != null) h.set(X_FORWARDED_HOST, host);
        String id = h.get(X_REQUEST_ID);
        if (!validRequestId(id)) h.set(X_REQUEST_ID, newRequestId());
        String priorForwarded = joined(h, FORWARDED);
        String mine = element(client, proto, host);
        h.set(FORWARDED, priorForwarded == null ? mine : priorForwarded + ", " + mine);
    }

    /** Every line of a field joined as one list value, or null when absent or blank. */
    private static String joined(HttpHeaders h, AsciiString name) {
        if (!h.contains(name)) return null;
        String joined = String.join(", ", h.getAll(name)).strip();
        return joined.isEmpty() ? null : joined;
    }

    private static void setOrRemove(HttpHeaders h, AsciiString name, String value) {
        if (value == null) {
            h.remove(name);
        } else {
            h.set(name, value);
        }
    }

    /** One RFC 7239 forwarded-element: {@code for=...;host=...;proto=...}. */
    static String element(Client client, String proto, String host) {
        StringBuilder e = new StringBuilder(48).append("for=").append(client.forwardedFor());
        if (host != null) e.append(";host=").append(quotedIfNeeded(host));
        return e.append(";proto=").append(proto).toString();
    }

    private static String quotedIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':' || c == '[' || c == ']') return '"' + value + '"';
        }
        return value;
    }

    /** A request id a trusted proxy sent: visible ASCII, at most 200 characters. */
    static boolean validRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f) return false;
        }
        return true;
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

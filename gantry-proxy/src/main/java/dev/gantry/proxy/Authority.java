package dev.gantry.proxy;

import java.util.Locale;

/**
 * The authority of a request (RFC 9112 section 3.2, RFC 3986 section 3.2.2): a host name, an IPv4
 * address or a bracketed IPv6 literal, with an optional port. Stricter than RFC 3986's reg-name:
 * only unreserved characters, so no percent-encoding, sub-delimiters, user info or paths.
 *
 * @param host lower case, without the port (an IPv6 literal keeps its brackets)
 */
record Authority(String host) {
    private static final int MAX_HOST_LENGTH = 255;

    /** The authority, or null when {@code value} is not a valid {@code host[:port]}. */
    static Authority parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_HOST_LENGTH + 6) return null;
        int hostEnd;
        if (value.charAt(0) == '[') {
            hostEnd = value.indexOf(']');
            if (hostEnd < 0 || !ipv6Literal(value, 1, hostEnd)) return null;
            hostEnd++;
        } else {
            hostEnd = value.indexOf(':');
            if (hostEnd < 0) hostEnd = value.length();
            if (hostEnd == 0 || hostEnd > MAX_HOST_LENGTH || !regName(value, hostEnd)) return null;
        }
        if (hostEnd < value.length() && !port(value, hostEnd)) return null;
        return new Authority(lowerCase(value.substring(0, hostEnd)));
    }

    private static boolean regName(String v, int end) {
        if (v.charAt(0) == '.' || v.charAt(0) == '-') return false;
        for (int i = 0; i < end; i++) {
            char c = v.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_';
            if (!ok) return false;
            if (c == '.' && i + 1 < end && v.charAt(i + 1) == '.') return false;
        }
        return true;
    }

    private static boolean ipv6Literal(String v, int start, int end) {
        if (end - start < 2) return false;
        for (int i = start; i < end; i++) {
            char c = v.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
            if (!ok) return false;
        }
        return true;
    }

    /** ":" then at most five digits up to 65535; an empty port is allowed (RFC 3986). */
    private static boolean port(String v, int colon) {
        if (v.charAt(colon) != ':') return false;
        int digits = v.length() - colon - 1;
        if (digits > 5) return false;
        int port = 0;
        for (int i = colon + 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') return false;
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    private static String lowerCase(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c >= 'A' && c <= 'Z') return h.toLowerCase(Locale.ROOT);
        }
        return h;
    }
}

package dev.gantry.proxy;

import dev.gantry.api.Route;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses, per request, which side of a route's canary split takes it (see the README, "Canary split"):
 * the tester's header {@code X-Gantry-Canary: always|never} first; then, with a sticky split, the
 * release the client's cookie names, while that release is in the route and has a backend that can
 * take the request (the canary's only while its share is above 0); else the canary with probability
 * weight/100 (0 once tripped), stable otherwise. The header never reaches the app.
 *
 * <p>A request the header placed is served but not counted for the judge (the routers' reports) nor for the
 * error burst: it left the random split, so it says nothing about the canary against stable, and counting it
 * would let anyone trip or fail a healthy canary (a few requests forced onto it to a URL that answers 5xx on
 * every release) or hide a bad one (errors forced onto stable).
 */
final class CanarySplitter {
    /** No cookie, or none that names a release. */
    static final int NO_RELEASE = -1;

    private CanarySplitter() {}

    /**
     * Where a request goes and what its cookie said.
     *
     * @param set           the backends to pick from (the {@link Exchange} falls back to any backend when
     *                      none of these can take it)
     * @param cookieRelease the release the client's sticky cookie named, or {@link #NO_RELEASE}
     * @param sticky        the answer carries a cookie naming the release that served it, unless that is
     *                      {@code cookieRelease} already (false when the header chose)
     * @param judged        the request counts in the routers' reports and the error burst (false when the
     *                      header chose)
     */
    record Choice(ReleaseSet set, int cookieRelease, boolean sticky, boolean judged) {
        static final Choice ANY = new Choice(ReleaseSet.ANY, NO_RELEASE, false, true);

        /** Whether the answer from a backend of {@code servedRelease} sets the cookie. */
        boolean setsCookie(int servedRelease) {
            return sticky && servedRelease != cookieRelease;
        }
    }

    /** The choice for a request on {@code route}; removes the header from {@code headers}. */
    static Choice choose(RouteEntry route, HttpHeaders headers) {
        String asked = headers.get(Route.CanarySplit.HEADER);
        if (asked != null) headers.remove(Route.CanarySplit.HEADER);
        SplitState split = route.split;
        if (split == null) return Choice.ANY;
        int canary = split.split.release();
        if (asked != null) {
            String a = asked.strip();
            if (a.equalsIgnoreCase("always")) return new Choice(ReleaseSet.only(canary), NO_RELEASE, false, false);
            if (a.equalsIgnoreCase("never")) return new Choice(ReleaseSet.allBut(canary), NO_RELEASE, false, false);
        }
        boolean sticky = split.split.sticky();
        int cookie = sticky ? cookieRelease(headers, route.route.app()) : NO_RELEASE;
        if (cookie != NO_RELEASE && kept(route, split, cookie))
            return new Choice(ReleaseSet.only(cookie), cookie, true, true);
        int weight = split.weight();
        boolean toCanary =
                weight >= 100 || weight > 0 && ThreadLocalRandom.current().nextInt(100) < weight;
        return new Choice(toCanary ? ReleaseSet.only(canary) : ReleaseSet.allBut(canary), cookie, sticky, true);
    }

    /** A cookie's release holds while it is in the route with a backend that can take the request, the canary's while it has a share. */
    private static boolean kept(RouteEntry route, SplitState split, int release) {
        if (split.isCanary(release) && split.weight() == 0) return false;
        return route.hasEligible(ReleaseSet.only(release));
    }

    /**
     * The release the app's sticky cookie names: the first cookie of that name, over every Cookie
     * header, whose value is a release number (1 to 9 digits, quotes allowed). Anything else is
     * ignored, never an error.
     */
    static int cookieRelease(HttpHeaders headers, String app) {
        List<String> all = headers.getAll(HttpHeaderNames.COOKIE);
        if (all.isEmpty()) return NO_RELEASE;
        String name = Route.CanarySplit.cookieName(app);
        for (String header : all) {
            int release = inHeader(header, name);
            if (release != NO_RELEASE) return release;
        }
        return NO_RELEASE;
    }

    private static int inHeader(String header, String name) {
        int start = 0;
        while (start < header.length()) {
            int end = header.indexOf(';', start);
            if (end < 0) end = header.length();
            int eq = header.indexOf('=', start, end);
            if (eq > start && header.substring(start, eq).strip().equals(name)) {
                int release = releaseNumber(header.substring(eq + 1, end).strip());
                if (release != NO_RELEASE) return release;
            }
            start = end + 1;
        }
        return NO_RELEASE;
    }

    private static int releaseNumber(String value) {
        String v = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
        if (v.isEmpty() || v.length() > 9) return NO_RELEASE;
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') return NO_RELEASE;
            n = n * 10 + (c - '0');
        }
        return n >= 1 ? n : NO_RELEASE;
    }

    /** The Set-Cookie value keeping a client on {@code release}: a session cookie for the whole host. */
    static String setCookie(String app, int release, boolean secure) {
        return Route.CanarySplit.cookieName(app) + "=" + release + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}

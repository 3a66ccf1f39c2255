package dev.gantry.server.dashboard;

import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.tokens.OpenStreams;
import dev.gantry.server.web.ApiException;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a request with the session cookie is ({@link dev.gantry.server.web.Access} asks when it has no bearer): the
 * credential that logged in, as long as the session lives and the credential is neither revoked nor expired. A
 * cookie request that is not GET or HEAD must carry the session's CSRF token in {@value #CSRF_HEADER} (compared in
 * constant time) and, when it sends {@code Origin}, come from the page's own origin. Streams opened with a session
 * close when it ends: logout here at once, logout elsewhere and expiry within {@link Dashboard}'s sweep.
 */
public final class Sessions {
    public static final String COOKIE = "gantry_session";
    public static final String CSRF_HEADER = "X-Gantry-CSRF";
    private static final String ATTRIBUTE = "gantry.session";
    private final SessionStore store;
    private final CredentialStore credentials;
    private final Clock clock;
    private final OpenStreams streams = new OpenStreams();

    Sessions(SessionStore store, CredentialStore credentials, Clock clock) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * The credential of the request's session; empty when it has no session cookie. 401 for a session that
     * ended or whose credential did; 403 for a write without the right CSRF token or from another origin.
     */
    public Optional<Credential> admit(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null || cookie.isEmpty()) return Optional.empty();
        Session s = store.find(cookie)
                .orElseThrow(() -> new ApiException(
                        401, "session expired or ended: log in again (POST /api/v1/session with a token)"));
        Credential c = credential(s)
                .orElseThrow(() -> new ApiException(
                        401, "credential " + s.name() + " was revoked or has expired: its sessions ended"));
        if (!safe(ctx.method().name())) {
            sameOrigin(ctx);
            csrf(ctx, s);
        }
        ctx.attribute(ATTRIBUTE, s);
        return Optional.of(c);
    }

    /** The session the request came with (after {@link #admit}); empty for bearer requests. */
    static Optional<Session> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /** The credential a session stands for while it is neither revoked nor expired; a dead one ends the session. */
    Optional<Credential> credential(Session s) {
        Optional<Credential> c = credentials.byDigest(s.credential()).filter(cr -> !cr.expired(clock.millis()));
        if (c.isEmpty()) end(s.key());
        return c;
    }

    /** Ends a session: deleted from Redis, its streams here closed. */
    void end(String key) {
        store.delete(key);
        streams.revoked(key);
    }

    /** Makes the end of the request's session (if it came with one) call {@code close}; returns what to call when the stream ends first. */
    Runnable closeOnEnd(Context ctx, Runnable close) {
        return of(ctx).map(s -> streams.add(s.key(), close)).orElse(() -> {});
    }

    /** Closes the streams of sessions that ended elsewhere (another control plane's logout, expiry). */
    void closeEnded() {
        streams.closeRevoked(key -> store.byKey(key).isPresent());
    }

    /**
     * Refuses a request whose {@code Origin} (when sent) is not the {@code Host} it was sent to: the browser sends
     * Origin with every cross-site write, so a forged form or fetch from another site is stopped here too.
     */
    static void sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return;
        String host = String.valueOf(ctx.header("Host")).toLowerCase(Locale.ROOT);
        try {
            URI u = URI.create(origin);
            String authority =
                    u.getRawAuthority() == null ? "" : u.getRawAuthority().toLowerCase(Locale.ROOT);
            String defaultPort = "https".equals(u.getScheme()) ? ":443" : ":80";
            if (authority.equals(host) || (authority + defaultPort).equals(host)) return;
        } catch (IllegalArgumentException e) {
            // not a URI ("null" from a sandboxed frame, garbage): refused below
        }
        throw new ApiException(
                403, "cross-site request refused: Origin " + origin + " is not this server (Host " + host + ")");
    }

    private static void csrf(Context ctx, Session s) {
        String sent = ctx.header(CSRF_HEADER);
        boolean ok = sent != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new ApiException(
                    403,
                    "CSRF token missing or wrong: send " + CSRF_HEADER + " with the value from GET /api/v1/session");
        }
    }

    private static boolean safe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}

package dev.gantry.server.web;

import dev.gantry.server.dashboard.Sessions;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.tokens.OpenStreams;
import dev.gantry.server.tokens.Role;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * Who may call what. Before a route's handler runs, the bearer credential is looked up and its
 * role checked against the roles the route declares ({@link ApiRoutes}): no credential, an unknown,
 * revoked or expired one is a 401; a valid one without a role the route allows is a 403 naming the
 * roles it needs. Other credentials (SDK keys) are checked by the guards their feature registers.
 * The caller's credential name is who acts in the audit trail ({@link #actor}); no client header is.
 * A request without a bearer may come with the dashboard's session cookie instead ({@link Sessions}): it acts
 * with the role of the credential that logged in, and its writes need the session's CSRF token.
 */
public final class Access {
    private static final String CALLER = "gantry.caller";
    private final CredentialStore credentials;
    private final OpenStreams streams;
    private final Clock clock;
    private final Sessions sessions;
    private final List<Guard> guards = new CopyOnWriteArrayList<>();

    public Access(CredentialStore credentials, OpenStreams streams, Clock clock) {
        this(credentials, streams, clock, null);
    }

    /** @param sessions the dashboard's logins (cookie requests); null: bearer credentials only */
    public Access(CredentialStore credentials, OpenStreams streams, Clock clock, Sessions sessions) {
        this.credentials = credentials;
        this.streams = streams;
        this.clock = clock;
        this.sessions = sessions;
    }

    /** Lets requests under {@code prefix} through when {@code check(ctx, bearer)} says so (an SDK key, ...). */
    public void guard(String prefix, BiPredicate<Context, String> check) {
        guards.add(new Guard(prefix, check));
    }

    void check(Context ctx, Endpoint endpoint) {
        if (endpoint.isOpen()) return;
        String bearer = bearer(ctx);
        Optional<Credential> session = bearer == null && sessions != null ? sessions.admit(ctx) : Optional.empty();
        if (session.isPresent()) {
            admit(ctx, endpoint, session.get());
            return;
        }
        if (bearer == null) {
            throw new ApiException(
                    401,
                    "missing token: send Authorization: Bearer <token> (the admin token is the file 'token' "
                            + "in the control plane's data directory; gantry tokens create makes others)");
        }
        Optional<Credential> found = credentials.find(bearer);
        if (found.isPresent()) {
            admit(ctx, endpoint, found.get());
            return;
        }
        for (Guard g : guards) {
            if (ctx.path().startsWith(g.prefix()) && g.check().test(ctx, bearer)) return;
        }
        throw new ApiException(401, "unknown or revoked token");
    }

    private void admit(Context ctx, Endpoint endpoint, Credential c) {
        if (c.expired(clock.millis())) {
            throw new ApiException(
                    401, "credential " + c.name() + " expired at " + Instant.ofEpochMilli(c.expiresAt()));
        }
        if (!endpoint.allows(c.role())) {
            throw new ApiException(
                    403,
                    endpoint.method() + " " + endpoint.path() + " needs the role "
                            + endpoint.roles().stream().map(Role::label).collect(Collectors.joining(" or "))
                            + "; credential " + c.name() + " has the role "
                            + c.role().label());
        }
        ctx.attribute(CALLER, c);
    }

    /** The credential the request came with; empty on open routes and for SDK keys. */
    public static Optional<Credential> caller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER));
    }

    /** Who acts, for the audit trail: the name of the request's credential. */
    public static String actor(Context ctx) {
        return caller(ctx).map(Credential::name).orElse("unknown");
    }

    /** Refuses an agent credential acting for another host than its own (403). */
    public static void requireHost(Context ctx, String host) {
        Credential c = caller(ctx).orElse(null);
        if (c != null && c.role() == Role.AGENT && !c.host().equals(host)) {
            throw new ApiException(
                    403, "credential " + c.name() + " may act for host " + c.host() + " only, not for " + host);
        }
    }

    /**
     * Makes revoking the request's credential call {@code close} (an event stream ends). Returns
     * what to call when the stream ends by itself.
     */
    public Runnable closeOnRevoke(Context ctx, Runnable close) {
        return caller(ctx).map(c -> streams.add(c.digest(), close)).orElse(() -> {});
    }

    public static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return h.substring(7).trim();
    }

    private record Guard(String prefix, BiPredicate<Context, String> check) {}
}

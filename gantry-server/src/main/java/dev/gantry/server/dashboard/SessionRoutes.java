package dev.gantry.server.dashboard;

import dev.gantry.api.Json;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * {@code /api/v1/session}: the dashboard's login with a credential's secret (an HttpOnly, SameSite=Strict cookie
 * and a CSRF token), who the session is, and logout. Only people's roles log in: admin, deployer, viewer.
 */
final class SessionRoutes {
    static final String PATH = "/api/v1/session";
    private static final Set<Role> PEOPLE = Set.of(Role.ADMIN, Role.DEPLOYER, Role.VIEWER);
    private final SessionStore store;
    private final Sessions sessions;
    private final CredentialStore credentials;
    private final LoginThrottle throttle;
    private final Clock clock;

    SessionRoutes(
            SessionStore store, Sessions sessions, CredentialStore credentials, LoginThrottle throttle, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.credentials = credentials;
        this.throttle = throttle;
        this.clock = clock;
    }

    void register(ApiRoutes routes) {
        routes.post(PATH)
                .summary("Log in to the dashboard with an admin, deployer or viewer token: sets the session cookie "
                        + Sessions.COOKIE + " and answers the CSRF token its writes must send in "
                        + Sessions.CSRF_HEADER)
                .open()
                .request(Content.json(LoginRequest.class))
                .returns(200, Content.json(SessionInfo.class))
                .errors(400, 401, 403)
                .handle(this::login);
        routes.get(PATH)
                .summary("The session of the cookie sent: who, which role, its CSRF token, when it ends")
                .returns(200, Content.json(SessionInfo.class))
                .handle(this::current);
        routes.delete(PATH)
                .summary("Log out: the session ends (its streams close) and the cookie is cleared")
                .roles(Role.DEPLOYER, Role.VIEWER)
                .returns(204, Content.NONE)
                .handle(this::logout);
    }

    private void login(Context ctx) {
        Sessions.sameOrigin(ctx);
        String address = ctx.ip();
        throttle.check(address);
        LoginRequest req = Json.read(ctx.body(), LoginRequest.class);
        if (req == null || req.token() == null || req.token().isBlank())
            throw new IllegalArgumentException("token: is required");
        Credential c = credentials.find(req.token().strip()).orElse(null);
        if (c == null) {
            throttle.failed(address);
            throw new ApiException(401, "wrong token");
        }
        if (c.expired(clock.millis()))
            throw new ApiException(
                    401, "credential " + c.name() + " expired at " + Instant.ofEpochMilli(c.expiresAt()));
        if (!PEOPLE.contains(c.role()))
            throw new ApiException(
                    403,
                    "credential " + c.name() + " has the role " + c.role().label()
                            + ": only admin, deployer and viewer credentials may log in to the dashboard");
        SessionStore.Login login = store.create(c);
        long maxAge = Math.max(1, (login.session().expiresAt() - clock.millis() + 999) / 1000);
        ctx.header("Set-Cookie", cookie(login.cookie(), maxAge, ctx.req().isSecure()));
        ctx.header("Cache-Control", "no-store");
        ctx.json(info(login.session(), c));
    }

    private void current(Context ctx) {
        Session s = Sessions.of(ctx)
                .orElseThrow(() -> new ApiException(
                        401, "no session: log in with POST " + PATH + " (a bearer token has no session)"));
        Credential c = sessions.credential(s).orElseThrow(() -> new ApiException(401, "session ended"));
        ctx.header("Cache-Control", "no-store");
        ctx.json(info(s, c));
    }

    private void logout(Context ctx) {
        Sessions.of(ctx).ifPresent(s -> sessions.end(s.key()));
        ctx.header("Set-Cookie", cookie("", 0, ctx.req().isSecure()));
        ctx.status(204);
    }

    private static SessionInfo info(Session s, Credential c) {
        return new SessionInfo(c.name(), c.role().label(), s.csrf(), s.expiresAt());
    }

    /** The session cookie: only for this server's own requests, never for scripts, only over TLS when it came so. */
    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return Sessions.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : "");
    }
}

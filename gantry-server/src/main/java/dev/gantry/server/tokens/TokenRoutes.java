package dev.gantry.server.tokens;

import dev.gantry.api.Durations;
import dev.gantry.api.Json;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.TokenRequest;
import dev.gantry.api.TokenSummary;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * {@code /api/v1/tokens}: create a named credential (its secret shown once), list them (never a
 * secret), revoke one (at once, its open streams closed); and the agents' join exchange, a join
 * token for a host's own agent credential. Credential management is for admins only.
 */
public final class TokenRoutes {
    /** How long a join token lasts when the request does not say. */
    static final Duration JOIN_LIFETIME = Duration.ofHours(1);

    private final CredentialStore credentials;
    private final OpenStreams streams;

    public TokenRoutes(CredentialStore credentials, OpenStreams streams) {
        this.credentials = credentials;
        this.streams = streams;
    }

    public void register(ApiRoutes routes) {
        routes.post("/api/v1/tokens")
                .summary("A new named credential with one role; the secret is in this answer only")
                .roles()
                .request(Content.json(TokenRequest.class))
                .returns(201, Content.json(TokenCreated.class))
                .errors(400, 409)
                .handle(this::create);
        routes.get("/api/v1/tokens")
                .summary("Every credential: name, role, created, expires, last used; never a secret")
                .roles()
                .returns(200, Content.jsonList(TokenSummary.class))
                .handle(ctx -> ctx.json(credentials.list()));
        routes.delete("/api/v1/tokens/{name}")
                .summary("Revoke a credential: its next request gets 401, its open streams close")
                .roles()
                .returns(204, Content.NONE)
                .errors(404, 409)
                .handle(this::revoke);
        routes.post("/api/v1/agents/{host}/join")
                .summary("Exchange a join token for the host's own agent credential, agent:{host} "
                        + "(409 when it exists: revoke it first to join again)")
                .roles(Role.JOIN)
                .returns(201, Content.json(TokenCreated.class))
                .errors(400, 409)
                .handle(this::join);
    }

    private void create(Context ctx) {
        TokenRequest req = Json.read(ctx.body(), TokenRequest.class);
        if (req.name() == null || req.name().isBlank()) throw new IllegalArgumentException("name: is required");
        Role role = Role.parse(req.role());
        Duration lifetime = lifetime(req.expires(), role);
        ctx.status(201).json(credentials.create(req.name(), role, lifetime, Access.actor(ctx)));
    }

    private void revoke(Context ctx) {
        String name = ctx.pathParam("name");
        String digest = credentials.byName(name).map(Credential::digest).orElse(null);
        credentials.revoke(name);
        if (digest != null) streams.revoked(digest);
        ctx.status(204);
    }

    /** A host name an agent may join as: what a hostname can be, so never "..", "." or a path. */
    static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    private void join(Context ctx) {
        String host = ctx.pathParam("host");
        if (!HOST.matcher(host).matches())
            throw new IllegalArgumentException(
                    "host: must be 1 to 253 letters, digits, '.', '_' or '-', starting with a"
                            + " letter or digit, was '" + host + "'");
        String name = Credential.agentName(host);
        ctx.status(201).json(credentials.create(name, Role.AGENT, null, Access.actor(ctx)));
    }

    /** The lifetime asked for; a join token without one gets {@link #JOIN_LIFETIME}, others never expire. */
    static Duration lifetime(String expires, Role role) {
        if (expires == null || expires.isBlank()) return role == Role.JOIN ? JOIN_LIFETIME : null;
        Duration d;
        try {
            d = Durations.parse(expires);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expires: " + e.getMessage());
        }
        if (d.isZero()) throw new IllegalArgumentException("expires: must be longer than 0, was " + expires);
        return d;
    }
}

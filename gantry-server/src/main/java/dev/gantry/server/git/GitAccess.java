package dev.gantry.server.git;

import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.CredentialStore;
import dev.gantry.server.tokens.Role;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;

/**
 * Who may fetch from and push to the control plane's repositories. git sends a credential as HTTP basic (the
 * credential is the password, any user name) or, configured with {@code http.extraHeader}, as a bearer. No
 * credential, an unknown, revoked or expired one: 401 with {@code WWW-Authenticate: Basic realm="gantry"}, so git
 * asks for one; a credential without the role: 403 naming the roles it needs.
 */
final class GitAccess {
    static final String CHALLENGE = "Basic realm=\"gantry\"";

    /** What git's two services need. */
    enum Service {
        RECEIVE("git-receive-pack", "push to", "pushing to", Set.of(Role.ADMIN, Role.DEPLOYER)),
        UPLOAD("git-upload-pack", "fetch from", "fetching from", Set.of(Role.ADMIN, Role.DEPLOYER, Role.VIEWER));

        final String protocolName;
        private final String verb;
        private final String gerund;
        private final Set<Role> roles;

        Service(String protocolName, String verb, String gerund, Set<Role> roles) {
            this.protocolName = protocolName;
            this.verb = verb;
            this.gerund = gerund;
            this.roles = roles;
        }

        static Service named(String name) {
            for (Service s : values()) {
                if (s.protocolName.equals(name)) return s;
            }
            throw new GitRefusal(
                    400,
                    "service: must be git-receive-pack or git-upload-pack (git's smart HTTP protocol), was " + name);
        }
    }

    private final CredentialStore credentials;
    private final Clock clock;

    GitAccess(CredentialStore credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The credential of a request allowed to use {@code service} on {@code app}'s repository. */
    Credential check(Context ctx, Service service, String app) {
        String secret = secret(ctx.header("Authorization"));
        if (secret == null) {
            throw new GitRefusal(
                    401,
                    "a credential is required to " + service.verb + " " + app
                            + ": give a deployer credential (gantry tokens create NAME --role deployer) as the"
                            + " password");
        }
        Credential c = credentials
                .find(secret)
                .filter(found -> !found.expired(clock.millis()))
                .orElseThrow(() -> new GitRefusal(401, "unknown, revoked or expired credential"));
        if (!service.roles.contains(c.role())) {
            throw new GitRefusal(
                    403,
                    "credential " + c.name() + " has the role " + c.role().label() + "; " + service.gerund + " "
                            + app + " needs the role "
                            + (service == Service.RECEIVE ? "deployer or admin" : "viewer," + " deployer or admin"));
        }
        return c;
    }

    /** The secret an Authorization header carries: a bearer, or a basic password; null when it carries none. */
    static String secret(String authorization) {
        if (authorization == null) return null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return blankToNull(authorization.substring(7));
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : blankToNull(decoded.substring(colon + 1));
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s.strip();
    }
}

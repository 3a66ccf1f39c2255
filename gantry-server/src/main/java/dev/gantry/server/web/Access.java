package dev.gantry.server.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Who may call what. Every API path needs the admin token, except the open paths (health) and the
 * paths that other credentials guard (SDK keys for the flags stream), which register a checker.
 */
public final class Access {
    private final AdminToken admin;
    private final Predicate<String> open;
    private final List<Guard> guards = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param open whether a path needs no credential (the routes registered as open) */
    public Access(AdminToken admin, Predicate<String> open) {
        this.admin = admin;
        this.open = open;
    }

    /** Lets requests under {@code prefix} through when {@code check(ctx, bearer)} says so (besides the admin token). */
    public void guard(String prefix, BiPredicate<Context, String> check) {
        guards.add(new Guard(prefix, check));
    }

    public void check(Context ctx) {
        String path = ctx.path();
        if (open.test(path)) return;
        String bearer = bearer(ctx);
        if (admin.matches(bearer)) {
            ctx.attribute("actor", "admin");
            return;
        }
        for (Guard g : guards) {
            if (path.startsWith(g.prefix()) && bearer != null && g.check().test(ctx, bearer)) return;
        }
        throw new ApiException(
                401,
                bearer == null
                        ? "missing token: send Authorization: Bearer <token> (the admin token is in the data directory, file 'token')"
                        : "wrong token");
    }

    public static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return h.substring(7).trim();
    }

    public static String actor(Context ctx) {
        String a = ctx.header("X-Gantry-Actor");
        return a == null || a.isBlank() ? "admin" : a.strip();
    }

    private record Guard(String prefix, BiPredicate<Context, String> check) {}
}

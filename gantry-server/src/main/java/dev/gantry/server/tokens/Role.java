package dev.gantry.server.tokens;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a credential may do. Which routes each role reaches is declared with the routes ({@code ApiRoutes}). */
public enum Role {
    /** everything, credential management included */
    ADMIN,
    /** deploy, roll back, scale, stop, cancel, delete apps, write flags; and every read */
    DEPLOYER,
    /** reads (GET) only, and no desired state (it carries the apps' environment) */
    VIEWER,
    /** one host ({@code agent:<host>}): its own desired state, its reports, the artifacts it runs */
    AGENT,
    /** the route table only */
    ROUTER,
    /** {@code /metrics} only */
    METRICS,
    /** short-lived: exchanged once per host for that host's agent credential */
    JOIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("role: is required, one of " + all());
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role: must be one of " + all() + ", was " + text);
        }
    }

    private static String all() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    }
}

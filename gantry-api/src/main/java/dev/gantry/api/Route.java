package dev.gantry.api;

import java.util.List;

/**
 * How the router finds an app: requests whose Host header (without port, case-insensitive) equals
 * {@code host} and whose path starts with {@code pathPrefix} go to one of {@code backends}.
 *
 * @param healthPath  path the router probes on every backend each second (2xx = healthy)
 * @param tls         the app is served over HTTPS (by a router with a TLS listener)
 * @param tlsRedirect with {@code tls}: plain-HTTP requests get a 308 redirect to HTTPS
 * @param canary      while a canary runs: how requests are split between it and the stable backends; null
 *                    when every backend takes its weighted share as usual
 */
public record Route(
        String app,
        String host,
        String pathPrefix,
        String healthPath,
        List<Backend> backends,
        boolean tls,
        boolean tlsRedirect,
        CanarySplit canary) {
    /** A plain-HTTP route. */
    public Route(String app, String host, String pathPrefix, String healthPath, List<Backend> backends) {
        this(app, host, pathPrefix, healthPath, backends, false, false, null);
    }

    /** A route with no canary. */
    public Route(
            String app,
            String host,
            String pathPrefix,
            String healthPath,
            List<Backend> backends,
            boolean tls,
            boolean tlsRedirect) {
        this(app, host, pathPrefix, healthPath, backends, tls, tlsRedirect, null);
    }

    public Route withCanary(CanarySplit split) {
        return new Route(app, host, pathPrefix, healthPath, backends, tls, tlsRedirect, split);
    }

    /**
     * The canary split of a route: each request goes to the backends of {@code release} with probability
     * {@code weight}/100, else to the others (stable). When no canary backend can take a request, it goes to
     * stable, and the other way round.
     *
     * @param release    the canary's release number; backends of other releases are stable
     * @param weight     percent of requests for the canary, 0..100; 0 while paused or tripped
     * @param sticky     a cookie ({@link #cookieName}) keeps a client on the release it first got, as long as
     *                   that release is in the route
     * @param errorBurst points by which the canary's percent of failed requests over the last second (with at
     *                   least 5 requests) exceeds stable's when the router takes the canary's share away by
     *                   itself until the table changes; 0 for never
     */
    public record CanarySplit(int release, int weight, boolean sticky, int errorBurst) {
        /** Header a tester sends to choose: {@code always} (the canary) or {@code never} (stable). */
        public static final String HEADER = "X-Gantry-Canary";

        public CanarySplit {
            if (release < 1) throw new IllegalArgumentException("canary release: must be >= 1, was " + release);
            if (weight < 0 || weight > 100)
                throw new IllegalArgumentException("canary weight: must be 0..100, was " + weight);
            if (errorBurst < 0 || errorBurst > 100)
                throw new IllegalArgumentException("canary errorBurst: must be 0..100, was " + errorBurst);
        }

        /** The sticky cookie of an app: its value is the release number the client got. */
        public static String cookieName(String app) {
            return "gantry-release-" + app;
        }
    }

    public Route {
        if (app == null || app.isBlank()) throw new IllegalArgumentException("route app: must not be blank");
        if (host == null || host.isBlank()) throw new IllegalArgumentException("route host: must not be blank");
        pathPrefix = pathPrefix == null || pathPrefix.isEmpty() ? "/" : pathPrefix;
        if (!pathPrefix.startsWith("/"))
            throw new IllegalArgumentException("route pathPrefix: must start with /, was " + pathPrefix);
        healthPath = healthPath == null || healthPath.isEmpty() ? "/health" : healthPath;
        backends = backends == null ? List.of() : List.copyOf(backends);
    }
}

package dev.gantry.api;

import java.util.List;

/**
 * How the router finds an app: requests whose Host header (without port, case-insensitive) equals
 * {@code host} and whose path starts with {@code pathPrefix} go to one of {@code backends}.
 *
 * @param healthPath  path the router probes on every backend each second (2xx = healthy)
 * @param tls         the app is served over HTTPS (by a router with a TLS listener)
 * @param tlsRedirect with {@code tls}: plain-HTTP requests get a 308 redirect to HTTPS
 */
public record Route(
        String app,
        String host,
        String pathPrefix,
        String healthPath,
        List<Backend> backends,
        boolean tls,
        boolean tlsRedirect) {
    /** A plain-HTTP route. */
    public Route(String app, String host, String pathPrefix, String healthPath, List<Backend> backends) {
        this(app, host, pathPrefix, healthPath, backends, false, false);
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

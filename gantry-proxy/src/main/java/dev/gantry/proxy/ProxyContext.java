package dev.gantry.proxy;

import java.util.function.IntSupplier;

/**
 * What every client connection of one router shares: settings, the live route table, the
 * balancer, the router's own paths, connection limits and counters, and the port of the router's
 * TLS listener (-1 without one) for redirects to HTTPS.
 */
record ProxyContext(
        RouterConfig config,
        LiveTable table,
        LoadBalancer balancer,
        OwnPaths ownPaths,
        ConnectionLimits limits,
        FrontendStats stats,
        IntSupplier httpsPort) {

    long headerTimeoutNanos() {
        return config.headerTimeout().toNanos();
    }

    long idleTimeoutNanos() {
        return config.idleTimeout().toNanos();
    }

    long bodyTimeoutNanos() {
        return config.bodyTimeout().toNanos();
    }

    long sendTimeoutNanos() {
        return config.sendTimeout().toNanos();
    }
}

package dev.gantry.proxy;

/**
 * What every client connection of one router shares: settings, the live route table, the
 * balancer, the router's own paths, connection limits and counters.
 */
record ProxyContext(RouterConfig config, LiveTable table, LoadBalancer balancer, OwnPaths ownPaths,
                    ConnectionLimits limits, FrontendStats stats) {

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

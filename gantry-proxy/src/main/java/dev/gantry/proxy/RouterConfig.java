package dev.gantry.proxy;

import java.time.Duration;

/** Settings of one router, validated on construction; built by {@link Router.Builder}. */
record RouterConfig(
    String bindAddress,
    int port,
    int ioThreads,
    int maxHeaderBytes,
    long maxBodyBytes,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration healthInterval,
    Balancer balancer) {

  RouterConfig {
    if (bindAddress == null || bindAddress.isBlank()) throw new IllegalArgumentException("bindAddress: must not be blank");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port: must be 0..65535, was " + port);
    if (ioThreads < 1) throw new IllegalArgumentException("ioThreads: must be at least 1, was " + ioThreads);
    if (maxHeaderBytes < 1024) throw new IllegalArgumentException("maxHeaderBytes: must be at least 1024, was " + maxHeaderBytes);
    if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes: must not be negative, was " + maxBodyBytes);
    positive("connectTimeout", connectTimeout);
    positive("responseTimeout", responseTimeout);
    positive("healthInterval", healthInterval);
    if (balancer == null) throw new IllegalArgumentException("balancer: must not be null");
  }

  private static void positive(String field, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(field + ": must be positive, was " + d);
  }
}

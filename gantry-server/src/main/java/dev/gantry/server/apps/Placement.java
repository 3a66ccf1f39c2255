package dev.gantry.server.apps;

import dev.gantry.api.InstanceSpec;

/**
 * A desired instance and the host it is placed on. A draining placement gets no new requests and is
 * removed once its drain delay is over.
 */
public record Placement(InstanceSpec spec, String host, boolean draining, long createdAt) {
  public Placement drain() {
    return new Placement(spec, host, true, createdAt);
  }

  public String id() {
    return spec.id();
  }

  public String app() {
    return spec.app();
  }
}

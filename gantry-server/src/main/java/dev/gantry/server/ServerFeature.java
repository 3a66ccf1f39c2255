package dev.gantry.server;

import dev.gantry.server.web.Access;
import io.javalin.config.RoutesConfig;

/** A capability that plugs its routes into the control plane (flags, ...). Closed when the server stops. */
public interface ServerFeature extends AutoCloseable {
  void register(RoutesConfig routes, Access access);

  @Override
  default void close() {
  }
}

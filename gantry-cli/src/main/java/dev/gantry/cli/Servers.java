package dev.gantry.cli;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerFeature;
import dev.gantry.server.flags.FlagsFeature;
import dev.gantry.server.store.Redis;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/** Starts a control plane with every feature Gantry ships. */
final class Servers {
  private Servers() {
  }

  static GantryServer start(ServerConfig config) throws IOException {
    return GantryServer.start(config, features());
  }

  static List<Function<Redis, ServerFeature>> features() {
    return List.of(FlagsFeature::new);
  }
}

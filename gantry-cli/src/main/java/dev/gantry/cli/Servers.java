package dev.gantry.cli;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerFeature;
import dev.gantry.server.flags.FlagsFeature;
import dev.gantry.server.store.Redis;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/** Starts a control plane with every feature Gantry ships. */
final class Servers {
    private Servers() {}

    /** {@code flagsReplica}: a Redis replica that flag reads may come from; null reads from the primary. */
    static GantryServer start(ServerConfig config, URI flagsReplica) throws IOException {
        return GantryServer.start(config, features(flagsReplica));
    }

    static List<Function<Redis, ServerFeature>> features(URI flagsReplica) {
        return List.of(redis -> new FlagsFeature(redis, flagsReplica));
    }
}

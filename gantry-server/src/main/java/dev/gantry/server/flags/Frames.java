package dev.gantry.server.flags;

import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.internal.StreamMessages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Renders stream events as SSE frames for one environment: each flag carries only that
 * environment's configuration (an SDK for production never sees staging's rules). The event
 * payloads are the SDK's records ({@link StreamMessages}), the one definition of the stream.
 */
final class Frames {
    static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private Frames() {}

    static byte[] change(Change change, String env) {
        String data = change.data();
        if (change.event().equals("flag")) {
            StreamMessages.FlagChanged parsed = FlagJson.read(data, StreamMessages.FlagChanged.class);
            data = FlagJson.write(new StreamMessages.FlagChanged(parsed.version(), forEnv(parsed.flag(), env)));
        }
        return frame(change.version(), change.event(), data);
    }

    /** {@code storeId} is left out when null (SDKs from before store ids reject unknown fields). */
    static byte[] snapshot(FlagSet set, String env, String storeId) {
        List<Flag> flags =
                set.flags().values().stream().map(f -> forEnv(f, env)).toList();
        StreamMessages.Snapshot snapshot = new StreamMessages.Snapshot(
                set.version(), storeId, flags, List.copyOf(set.segments().values()));
        return frame(set.version(), "snapshot", FlagJson.write(snapshot));
    }

    static Flag forEnv(Flag flag, String env) {
        EnvConfig config = flag.environments().get(env);
        Map<String, EnvConfig> only = config == null ? Map.of() : Map.of(env, config);
        return new Flag(
                flag.key(),
                flag.type(),
                flag.description(),
                flag.variants(),
                only,
                flag.prerequisites(),
                flag.killSwitch(),
                flag.metadata(),
                flag.version(),
                flag.updatedAt(),
                flag.updatedBy());
    }

    private static byte[] frame(long id, String event, String data) {
        return ("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}

package dev.gantry.server;

import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiRoutes;
import java.util.Map;

/** A capability that plugs its routes into the control plane (flags, ...). Closed when the server stops. */
public interface ServerFeature extends AutoCloseable {
    /** Registers the feature's routes, each with its description (see {@link ApiRoutes}). */
    void register(ApiRoutes routes, Access access);

    /** Environment every instance gets from this feature (e.g. the flags SDK key); read at each placement. */
    default Map<String, String> instanceEnv() {
        return Map.of();
    }

    /** Registers the feature's meters for the control plane's {@code /metrics}. */
    default void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {}

    @Override
    default void close() {}
}

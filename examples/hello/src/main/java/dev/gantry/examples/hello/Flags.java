package dev.gantry.examples.hello;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.FlagsClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Hello's feature flags, read through the Gantry SDK when the control plane hands the instance
 * {@code GANTRY_FLAGS_URL} and {@code GANTRY_SDK_KEY}; otherwise fixed defaults.
 *
 * <ul>
 *   <li>{@code hello-banner} (string): a line shown above the greeting, empty for none.</li>
 *   <li>{@code hello-time-api} (boolean): whether {@code /api/time} answers or says it is disabled.</li>
 * </ul>
 */
final class Flags implements AutoCloseable {
    static final String BANNER = "hello-banner";
    static final String TIME_API = "hello-time-api";
    private final FlagsClient client;

    private Flags(FlagsClient client) {
        this.client = client;
    }

    static Flags fromEnvironment(String instance) {
        String url = System.getenv("GANTRY_FLAGS_URL");
        String key = System.getenv("GANTRY_SDK_KEY");
        if (url == null || url.isBlank() || key == null || key.isBlank()) return new Flags(null);
        FlagsClient client = FlagsClient.builder()
                .baseUrl(URI.create(url))
                .sdkKey(key)
                .environment(System.getenv().getOrDefault("GANTRY_FLAGS_ENV", "production"))
                .snapshotFile(Path.of(System.getProperty("java.io.tmpdir"), "gantry-flags-" + instance + ".json"))
                .build()
                .start();
        client.awaitReady(Duration.ofSeconds(3));
        return new Flags(client);
    }

    String banner(String user) {
        return client == null ? "" : client.stringValue(BANNER, EvaluationContext.of(user), "");
    }

    boolean timeApi(String user) {
        return client == null || client.booleanValue(TIME_API, EvaluationContext.of(user), true);
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}

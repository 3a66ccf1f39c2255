package dev.gantry.markdown;

import java.util.Map;

/**
 * Service settings, read once from the environment and validated on construction.
 *
 * @param port            TCP port ({@code PORT}, default 8080; 0 picks a free port)
 * @param maxBodyBytes    largest accepted request body ({@code MARKDOWN_MAX_BODY}, default 1 MiB)
 * @param renderTimeoutMs time budget per request ({@code MARKDOWN_RENDER_TIMEOUT_MS}, default 2000)
 * @param maxNesting      deepest accepted block or inline nesting ({@code MARKDOWN_MAX_NESTING}, default 1000)
 * @param workers         request threads ({@code MARKDOWN_WORKERS}, default 4)
 */
public record ServiceConfig(int port, int maxBodyBytes, long renderTimeoutMs, int maxNesting, int workers) {
    public ServiceConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be 0..65535, was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("MARKDOWN_MAX_BODY must be >= 1 byte, was " + maxBodyBytes);
        }
        if (renderTimeoutMs < 1) {
            throw new IllegalArgumentException("MARKDOWN_RENDER_TIMEOUT_MS must be >= 1, was " + renderTimeoutMs);
        }
        if (maxNesting < 1) {
            throw new IllegalArgumentException("MARKDOWN_MAX_NESTING must be >= 1, was " + maxNesting);
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("MARKDOWN_WORKERS must be 1..256, was " + workers);
        }
    }

    /** Defaults: port 8080, 1 MiB bodies, 2 s per request, nesting 1000, 4 workers. */
    public static ServiceConfig defaults() {
        return new ServiceConfig(8080, 1 << 20, 2000, 1000, 4);
    }

    public static ServiceConfig fromEnv(Map<String, String> env) {
        ServiceConfig d = defaults();
        return new ServiceConfig(
                intVar(env, "PORT", d.port()),
                intVar(env, "MARKDOWN_MAX_BODY", d.maxBodyBytes()),
                intVar(env, "MARKDOWN_RENDER_TIMEOUT_MS", (int) d.renderTimeoutMs()),
                intVar(env, "MARKDOWN_MAX_NESTING", d.maxNesting()),
                intVar(env, "MARKDOWN_WORKERS", d.workers()));
    }

    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(newPort, maxBodyBytes, renderTimeoutMs, maxNesting, workers);
    }

    private static int intVar(Map<String, String> env, String name, int fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + raw + "'", e);
        }
    }
}

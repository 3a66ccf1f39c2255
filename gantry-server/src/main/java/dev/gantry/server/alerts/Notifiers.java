package dev.gantry.server.alerts;

import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.NotifyRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The notifier of every route of an {@link AlertConfig}, built once: secrets (SMTP password, webhook keys) are
 * read here, from their file or environment variable, so a missing one stops the control plane at start with the
 * field named.
 */
final class Notifiers {
    private final Map<String, Notifier> byRoute = new LinkedHashMap<>();

    Notifiers(AlertConfig config, Function<String, String> env) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (NotifyRoute r : config.routes()) {
            Notifier n = switch (r.kind()) {
                case "email" ->
                    new EmailNotifier(
                            config.smtp(),
                            secret(config.smtp().passwordFile(), config.smtp().passwordEnv(), "smtp.password", env),
                            r.email());
                case "webhook" ->
                    new WebhookNotifier(
                            URI.create(r.webhook()),
                            bytes(secret(r.secretFile(), r.secretEnv(), "routes[" + r.name() + "].secret", env)),
                            http);
                default -> new LogNotifier();
            };
            byRoute.put(r.name(), n);
        }
    }

    /** The route's notifier; null for a route not configured (any more). */
    Notifier get(String route) {
        return byRoute.get(route);
    }

    Map<String, Notifier> all() {
        return byRoute;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** The secret in {@code file} (trimmed) or in the variable {@code var}; null when neither is given. */
    static String secret(String file, String var, String field, Function<String, String> env) {
        if (file != null) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(field + "File: cannot read " + file, e);
            }
        }
        if (var == null) return null;
        String v = env.apply(var);
        if (v == null || v.isEmpty())
            throw new IllegalArgumentException(field + "Env: variable " + var + " is not set");
        return v;
    }
}

package dev.gantry.cli;

import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the control plane is and how to authenticate: options, then environment, then the data directory. */
final class ApiOptions {
    /** A verb waits this long for a control plane that is restarting or failing over before it gives up. */
    static final Duration RETRY_FOR = Duration.ofSeconds(3);

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "${env:GANTRY_SERVER:-http://127.0.0.1:7070}",
            description = "control plane URL (env GANTRY_SERVER, default ${DEFAULT-VALUE})")
    String server;

    // No ${DEFAULT-VALUE} here: help must not print a token taken from the environment.
    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:GANTRY_TOKEN}",
            description = "admin token (env GANTRY_TOKEN, default: the file 'token' in the data directory)")
    String token;

    @Mixin
    DataDirOption data;

    private ControlPlaneClient client;

    /** The client the verbs use: it says who acts ({@code X-Gantry-Actor}) and retries briefly. */
    ControlPlaneClient client() {
        if (client == null) {
            client = clientBuilder()
                    .header("X-Gantry-Actor", System.getProperty("user.name", "cli"))
                    .retryFor(RETRY_FOR)
                    .build();
        }
        return client;
    }

    /** A client builder for this server and credential; the token file, when it is the source, is read again on every request. */
    ControlPlaneClient.Builder clientBuilder() {
        return ControlPlaneClient.builder(serverUri()).credential(credential());
    }

    /** The client an agent uses: the agent's retry and timeout settings, the token file read again on every request. */
    ControlPlaneClient agentClient() {
        return dev.gantry.agent.HttpControlPlane.clientFor(serverUri(), credential())
                .build();
    }

    URI serverUri() {
        return URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    }

    String token() {
        return credential().get();
    }

    private Supplier<String> credential() {
        if (token != null && !token.isBlank()) return token::strip;
        Path file = dataDir().resolve("token");
        Supplier<String> fromFile = () -> {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new CliException(
                        "no token: pass --token, set GANTRY_TOKEN, or start the server so that " + file + " exists");
            }
        };
        fromFile.get();
        return fromFile;
    }

    Path dataDir() {
        return data.path();
    }
}

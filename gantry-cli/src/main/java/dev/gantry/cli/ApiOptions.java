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

/**
 * Where the control plane is and how to authenticate: a token file ({@code --token-file},
 * {@code GANTRY_TOKEN_FILE}), else a token ({@code --token}, {@code GANTRY_TOKEN}), else the data
 * directory's admin token. Who acts, for the audit trail, is the credential's name.
 */
final class ApiOptions {
    /** A verb waits this long for a control plane that is restarting or failing over before it gives up. */
    static final Duration RETRY_FOR = Duration.ofSeconds(3);

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "${env:GANTRY_SERVER:-http://127.0.0.1:7070}",
            description = "control plane URL (env GANTRY_SERVER, default ${DEFAULT-VALUE})")
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            defaultValue = "${env:GANTRY_TOKEN_FILE}",
            description = "file holding the token, read again on every request (env GANTRY_TOKEN_FILE; "
                    + "default: GANTRY_TOKEN, else the admin token, the file 'token' in the data directory)")
    Path tokenFile;

    // No ${DEFAULT-VALUE} here: help must not print a token taken from the environment.
    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:GANTRY_TOKEN}",
            description = "the token itself (env GANTRY_TOKEN); prefer GANTRY_TOKEN or --token-file, "
                    + "as a command line is visible to every user of the machine")
    String token;

    @Mixin
    DataDirOption data;

    private ControlPlaneClient client;

    /** The client the verbs use: it retries briefly. */
    ControlPlaneClient client() {
        if (client == null) client = clientBuilder().retryFor(RETRY_FOR).build();
        return client;
    }

    /** A client builder for this server and credential; the token file, when it is the source, is read again on every request. */
    ControlPlaneClient.Builder clientBuilder() {
        return ControlPlaneClient.builder(serverUri()).credential(credential());
    }

    /** The client an agent uses, with {@code credential}: the agent's retry and timeout settings. */
    ControlPlaneClient agentClient(Supplier<String> credential) {
        return dev.gantry.agent.HttpControlPlane.clientFor(serverUri(), credential)
                .build();
    }

    URI serverUri() {
        return URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    }

    String token() {
        return credential().get();
    }

    private Supplier<String> credential() {
        return given().orElseGet(() -> fromFile(
                dataDir().resolve("token"),
                "no token: pass --token-file, set GANTRY_TOKEN_FILE or GANTRY_TOKEN, or start the server so that "
                        + dataDir().resolve("token") + " exists"));
    }

    /** The token given by option or environment, not the data directory's; empty when none is. */
    java.util.Optional<Supplier<String>> given() {
        if (tokenFile != null)
            return java.util.Optional.of(fromFile(tokenFile, "--token-file: cannot read " + tokenFile));
        if (token != null && !token.isBlank()) return java.util.Optional.of(token::strip);
        return java.util.Optional.empty();
    }

    /** A token read from {@code file} now (so a missing file fails at once) and again on every request. */
    static Supplier<String> fromFile(Path file, String whenMissing) {
        Supplier<String> read = () -> {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new CliException(whenMissing);
            }
        };
        read.get();
        return read;
    }

    Path dataDir() {
        return data.path();
    }
}

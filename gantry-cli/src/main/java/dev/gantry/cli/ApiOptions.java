package dev.gantry.cli;

import dev.gantry.api.client.CaFingerprint;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the control plane is, how to trust its certificate ({@code --ca-fingerprint},
 * {@code --ca-file}) and how to authenticate: a token file ({@code --token-file},
 * {@code GANTRY_TOKEN_FILE}), else a token ({@code --token}, {@code GANTRY_TOKEN}), else the data
 * directory's admin token. Who acts, for the audit trail, is the credential's name.
 */
final class ApiOptions {
    /** A verb waits this long for a control plane that is restarting or failing over before it gives up. */
    static final Duration RETRY_FOR = Duration.ofSeconds(3);

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

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

    @Option(
            names = "--ca-fingerprint",
            paramLabel = "sha256:HEX",
            defaultValue = "${env:GANTRY_CA_FINGERPRINT}",
            description = "trust an https control plane whose CA (or certificate) has this SHA-256 fingerprint, as "
                    + "`gantry server` and `gantry status` print it (env GANTRY_CA_FINGERPRINT)")
    CaFingerprint caFingerprint;

    @Option(
            names = "--ca-file",
            paramLabel = "FILE",
            defaultValue = "${env:GANTRY_CA_FILE}",
            description =
                    "trust an https control plane whose chain leads to a certificate in this PEM file (env "
                            + "GANTRY_CA_FILE; default: the system's trust store, or DATA/tls/control-plane/ca.crt when it exists)")
    Path caFile;

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
        return trusting(ControlPlaneClient.builder(serverUri()).credential(credential()));
    }

    /**
     * {@code client} trusting an https control plane by {@code --ca-fingerprint} or {@code --ca-file};
     * without either, by the CA a control plane made in this data directory, if there is one, and
     * the system's trust store otherwise.
     */
    ControlPlaneClient.Builder trusting(ControlPlaneClient.Builder client) {
        if (caFingerprint != null && caFile != null)
            throw new CliException("--ca-fingerprint and --ca-file: give one, not both");
        try {
            if (caFingerprint != null) return client.caFingerprint(caFingerprint);
            if (caFile != null) return client.caFile(caFile);
            Path local = ServerConfig.of(dataDir(), 0).tlsDir().resolve("ca.crt");
            if ("https".equals(serverUri().getScheme()) && Files.exists(local)) return client.caFile(local);
            return client;
        } catch (IOException e) {
            throw new CliException(e.getMessage().replace("caFile:", "--ca-file:"));
        }
    }

    /** The client an agent uses, with {@code credential}: the agent's retry and timeout settings. */
    ControlPlaneClient agentClient(Supplier<String> credential) {
        return trusting(dev.gantry.agent.HttpControlPlane.clientFor(serverUri(), credential))
                .build();
    }

    /**
     * Calls {@code /health} once through {@code client} and fails when the control plane's certificate
     * is refused: a long-running agent or router must not start and keep failing on a wrong pin. A
     * control plane that cannot be reached is left to the caller's retries (it may be restarting).
     */
    ControlPlaneClient refusingUntrusted(ControlPlaneClient client) {
        try {
            client.getText("/health");
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("TLS handshake failed")) {
                client.close();
                throw new CliException(Main.message(e));
            }
        }
        return client;
    }

    /**
     * Points these options at an environment's own control plane (its URL, the admin token and CA that {@code gantry
     * up} fetched) where the command line and the environment variables name none.
     */
    void defaultTo(String url, Path adminToken, Path ca) {
        if (!given("--server", "GANTRY_SERVER")) server = url;
        if (!given("--token-file", "GANTRY_TOKEN_FILE") && !given("--token", "GANTRY_TOKEN")) tokenFile = adminToken;
        if (!given("--ca-file", "GANTRY_CA_FILE") && !given("--ca-fingerprint", "GANTRY_CA_FINGERPRINT")) caFile = ca;
    }

    private boolean given(String option, String variable) {
        return System.getenv(variable) != null
                || mixee.commandLine().getParseResult().hasMatchedOption(option);
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
        if (tokenFile != null) {
            Supplier<String> read = fromFile(tokenFile, "--token-file: cannot read " + tokenFile);
            String open = openTo(tokenFile);
            if (open != null && mixee != null)
                mixee.commandLine()
                        .getErr()
                        .println("gantry: warning: the token file " + tokenFile + " is open to other users (" + open
                                + "); chmod 600 " + tokenFile);
            return java.util.Optional.of(read);
        }
        if (token != null && !token.isBlank()) return java.util.Optional.of(token::strip);
        return java.util.Optional.empty();
    }

    /** The file's permissions when group or others have any, as {@code rw-r--r--}; null when it is its owner's only. */
    static String openTo(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            boolean open = p.stream()
                    .anyMatch(x -> x.name().startsWith("GROUP_") || x.name().startsWith("OTHERS_"));
            return open ? PosixFilePermissions.toString(p) : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
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

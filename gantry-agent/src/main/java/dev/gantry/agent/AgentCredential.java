package dev.gantry.agent;

import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The agent's own credential ({@code agent:<host>}, role agent), kept in {@value #FILE} in its data
 * directory (0600). An agent without one gets it at first start by exchanging a short-lived join
 * token ({@code gantry tokens create NAME --role join}) with the control plane.
 */
public final class AgentCredential {
    static final String FILE = "agent-token";

    private AgentCredential() {}

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The credential saved by an earlier join; empty when there is none. */
    public static Optional<String> load(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (!Files.exists(file)) return Optional.empty();
        String token = Files.readString(file).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * Exchanges the join token {@code join} (a client carrying it) for {@code host}'s agent
     * credential, saves it 0600 in {@code dataDir} and returns it. The control plane refuses (409) a
     * host that has joined already: revoke {@code agent:<host>} to join it again.
     */
    public static String join(ControlPlaneClient join, String host, Path dataDir) throws IOException {
        TokenCreated created =
                join.post("/api/v1/agents/" + ControlPlaneClient.segment(host) + "/join", null, TokenCreated.class);
        save(dataDir, created.token());
        return created.token();
    }

    static void save(Path dataDir, String token) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve("." + FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n");
        Files.move(tmp, file(dataDir), StandardCopyOption.ATOMIC_MOVE);
    }
}

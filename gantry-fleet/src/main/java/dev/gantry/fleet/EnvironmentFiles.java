package dev.gantry.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where Gantry keeps an environment's state on the control machine ({@code DATA/environments/ENV}): its SSH key pair,
 * the hosts' public keys it trusts, the Ansible inventory, for {@code netns} each host's directory, and when the
 * environment runs Redis its password and the URI the control plane connects with (both 0600).
 */
public record EnvironmentFiles(Path dir) {
    /** The state of environment {@code env} under the data directory {@code dataDir}. */
    public static EnvironmentFiles of(Path dataDir, String env) {
        return new EnvironmentFiles(dataDir.resolve("environments").resolve(env).toAbsolutePath());
    }

    public Path key() {
        return dir.resolve("id_ed25519");
    }

    public Path publicKey() {
        return dir.resolve("id_ed25519.pub");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path inventory() {
        return dir.resolve("inventory.yml");
    }

    /** The environment's Redis password, generated once (0600); the playbook reads it, the inventory names it. */
    public Path redisPassword() {
        return dir.resolve("redis-password");
    }

    /** The URI the control plane connects to the environment's Redis with ({@link RedisUri}), password and all. */
    public Path redisUri() {
        return dir.resolve("redis.uri");
    }

    /** A netns host's own directory: its sshd's keys and config, and its data directory {@code data}. */
    public Path host(String name) {
        return dir.resolve("hosts").resolve(name);
    }

    /**
     * Generates the environment's ed25519 key pair (private key 0600) unless it exists; true when it was generated.
     */
    public boolean ensureKey() throws IOException {
        if (Files.exists(key()) && Files.exists(publicKey())) return false;
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(key());
        Files.deleteIfExists(publicKey());
        Exec.run(keygen(key(), "gantry-" + dir.getFileName())).orThrow();
        Files.setPosixFilePermissions(key(), PosixFilePermissions.fromString("rw-------"));
        return true;
    }

    /** Generates the Redis password (256 random bits, hex) unless it exists; true when it was generated. */
    public boolean ensureRedisPassword() throws IOException {
        if (Files.exists(redisPassword())) return false;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        writeSecret(redisPassword(), HexFormat.of().formatHex(random) + "\n");
        return true;
    }

    /** Writes {@code text} to {@code file} (0600 from its creation) unless it holds it already; true when it wrote. */
    public boolean writeSecret(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(text)) return false;
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** The Redis password, as {@link #ensureRedisPassword} wrote it. */
    public String readRedisPassword() throws IOException {
        return Files.readString(redisPassword()).strip();
    }

    /** Removes the whole directory; the lines say what was there (empty: nothing). */
    public List<String> delete() throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.exists(dir)) return removed;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        removed.add("removed " + dir);
        return removed;
    }

    /** The argv that generates an ed25519 key pair without a passphrase at {@code file} and {@code file}.pub. */
    static List<String> keygen(Path file, String comment) {
        return List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString());
    }
}

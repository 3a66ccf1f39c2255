package dev.gantry.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The admin token: generated on first start, kept in {@code dataDir/token} with 0600 permissions. */
public final class AdminToken {
    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    public static AdminToken loadOrCreate(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (Files.exists(file)) return new AdminToken(Files.readString(file).trim());
        Files.createDirectories(dataDir);
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String token = "gty_" + HexFormat.of().formatHex(bytes);
        Path tmp = dataDir.resolve(".token.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new AdminToken(token);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("token");
    }

    public String value() {
        return value;
    }

    /** Constant-time comparison of a presented bearer token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(), value.getBytes());
    }
}

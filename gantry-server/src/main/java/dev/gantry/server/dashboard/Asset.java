package dev.gantry.server.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * One file of the dashboard as served: its bytes, media type and entity tag (the start of its SHA-256), read once
 * from the classpath. Served files never change while the control plane runs.
 */
record Asset(byte[] bytes, String mediaType, String etag) {
    /** The classpath resource {@code path}; empty when the jar has none. */
    static Optional<Asset> load(String path, String mediaType) {
        try (InputStream in = Asset.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(
                    bytes, mediaType, "\"" + SessionStore.digest(bytes).substring(0, 32) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the classpath", e);
        }
    }

    /** Whether an {@code If-None-Match} header names this version. */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals(etag) || t.equals("*")) return true;
        }
        return false;
    }
}

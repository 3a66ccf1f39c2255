package dev.gantry.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An account instances run as, from its passwd entry.
 *
 * @param home its home directory as the passwd entry has it; it may not exist ({@code /nonexistent})
 */
record AppUser(String name, int uid, int gid, Path home) {
    /** The home directory system users the agent creates get: none. */
    static final String NO_HOME = "/nonexistent";

    /** The account the agent itself runs as. */
    static AppUser agent() {
        try {
            Path self = Path.of("/proc/self");
            return new AppUser(
                    System.getProperty("user.name"),
                    (Integer) Files.getAttribute(self, "unix:uid"),
                    (Integer) Files.getAttribute(self, "unix:gid"),
                    Path.of(System.getProperty("user.home")));
        } catch (IOException | UnsupportedOperationException e) {
            return new AppUser(System.getProperty("user.name"), -1, -1, Path.of(System.getProperty("user.home")));
        }
    }

    /** Reads one line of {@code getent passwd}: {@code name:x:uid:gid:gecos:home:shell}. */
    static AppUser parsePasswd(String line) {
        String[] f = line.strip().split(":", -1);
        if (f.length < 7) throw new IllegalArgumentException("not a passwd entry: " + line);
        return new AppUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5]));
    }

    static List<String> lookupArgv(String name) {
        return List.of("getent", "passwd", name);
    }

    /** A system account with a group of its own, no home and no login shell. */
    static List<String> createArgv(String name) {
        return List.of(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                NO_HOME,
                "--shell",
                "/usr/sbin/nologin",
                name);
    }

    /** Its home if that is a directory, else {@code fallback} (the instance's working directory). */
    Path homeOr(Path fallback) {
        return Files.isDirectory(home) && !home.toString().equals(NO_HOME) ? home : fallback;
    }
}
